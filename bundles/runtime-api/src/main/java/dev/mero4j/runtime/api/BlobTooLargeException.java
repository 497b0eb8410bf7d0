package dev.mero4j.runtime.api;

/** Blob content larger than the node's cap; nothing of it is kept. */
public class BlobTooLargeException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public BlobTooLargeException(String message) {
    super(message);
  }

  public BlobTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
