package dev.mero4j.console.api;

/** An alias, id or name typed by the operator matches nothing, or more than one thing. */
public class UnknownReferenceException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  public UnknownReferenceException(String message) {
    super(message);
  }
}
