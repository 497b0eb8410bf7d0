package dev.mero4j.node;

/** A node home that is missing, incomplete, or would be overwritten without consent. */
public class InvalidHomeException extends NodeException {
  private static final long serialVersionUID = 1L;

  public InvalidHomeException(String message) {
    super(message);
  }

  public InvalidHomeException(String message, Throwable cause) {
    super(message, cause);
  }
}
