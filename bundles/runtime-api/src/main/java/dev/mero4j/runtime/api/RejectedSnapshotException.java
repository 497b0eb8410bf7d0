package dev.mero4j.runtime.api;

/**
 * A peer's snapshot that was refused: it does not decode, does not hash to the advertised root, or
 * does not cover this replica's own heads. Nothing of it was installed.
 */
public class RejectedSnapshotException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  public RejectedSnapshotException(String message) {
    super(message);
  }

  public RejectedSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
