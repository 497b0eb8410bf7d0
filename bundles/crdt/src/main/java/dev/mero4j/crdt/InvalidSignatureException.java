package dev.mero4j.crdt;

/** A delta whose Ed25519 signature does not verify against its author. */
public class InvalidSignatureException extends CrdtException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
