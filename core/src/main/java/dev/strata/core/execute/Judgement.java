package dev.strata.core.execute;

/**
 * Whether a step that was started outside a transaction, and may or may not have completed before
 * its deployer died, took effect: the dialect looks at the database (is the index there and valid?)
 * or knows the statement is safe to run again.
 */
public sealed interface Judgement {

  /** What was found, in a sentence. */
  String how();

  /** It completed: record it and go on with the next step. */
  record Done(String how) implements Judgement {}

  /** It did not complete, or it is safe to run again (anything it left was cleared): run it. */
  record RunAgain(String how) implements Judgement {}

  /** The database cannot tell: a person must check ({@code how} says what) and resolve. */
  record Unknown(String how) implements Judgement {}
}
