package dev.strata.spring.app;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** An application as a team writes one: its runner reads the table its migration made. */
@SpringBootApplication
public class NotesApplication {
  /** What the runner read, for the test to look at. */
  public static final List<String> READ = new ArrayList<>();

  @Bean
  CommandLineRunner readNotes(JdbcTemplate jdbc) {
    return args ->
        READ.addAll(jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class));
  }
}
