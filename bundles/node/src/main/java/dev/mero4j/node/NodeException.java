package dev.mero4j.node;

/** Root of the errors raised by the node runtime; messages are written for operators. */
public class NodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeException(String message) {
    super(message);
  }

  public NodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
