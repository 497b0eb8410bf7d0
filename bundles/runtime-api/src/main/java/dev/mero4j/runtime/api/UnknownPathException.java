package dev.mero4j.runtime.api;

/** A state browser path names no collection of the state (or a value that holds no entries). */
public class UnknownPathException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownPathException(String message) {
    super(message);
  }
}
