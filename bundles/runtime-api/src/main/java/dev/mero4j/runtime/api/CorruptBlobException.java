package dev.mero4j.runtime.api;

/**
 * Stored blob data that fails verification: a chunk whose authentication tag or hash does not
 * match, or a manifest that does not match its id.
 */
public class CorruptBlobException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public CorruptBlobException(String message) {
    super(message);
  }

  public CorruptBlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
