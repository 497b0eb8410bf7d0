package dev.mero4j.node;

/** A port the node must listen on is already taken by another process. */
public class PortInUseException extends NodeException {
  private static final long serialVersionUID = 1L;

  public PortInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
