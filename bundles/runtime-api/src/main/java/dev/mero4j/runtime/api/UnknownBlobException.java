package dev.mero4j.runtime.api;

/** No blob with the given id in the context. */
public class UnknownBlobException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public UnknownBlobException(String message) {
    super(message);
  }

  public UnknownBlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
