package it.notes;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** Its runner reads the table its migrations made: it fails if they have not run before it. */
@SpringBootApplication
public class NotesApplication {
  public static void main(String[] args) {
    SpringApplication.run(NotesApplication.class, args);
  }

  @Bean
  CommandLineRunner readNotes(JdbcTemplate jdbc) {
    return args ->
        System.out.println(
            "notes: " + jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class));
  }
}
