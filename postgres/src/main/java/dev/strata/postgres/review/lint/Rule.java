package dev.strata.postgres.review.lint;

import dev.strata.core.review.Finding;
import java.util.List;

/** One static rule of {@code strata review}: the findings it reads from a migration's text. */
@FunctionalInterface
public interface Rule {
  List<Finding> check(MigrationText text);
}
