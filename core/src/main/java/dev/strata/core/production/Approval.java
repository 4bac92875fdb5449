package dev.strata.core.production;

import java.util.List;

/** Asks the person at the terminal to approve the deploy; without a terminal it must refuse. */
public interface Approval {
  boolean approve(String database, List<String> pending, boolean production);
}
