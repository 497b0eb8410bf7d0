package dev.mero4j.membership;

/** A sealed payload whose ciphertext, nonce or associated data was altered. */
public class DecryptionFailedException extends MembershipException {
  private static final long serialVersionUID = 1L;

  public DecryptionFailedException(String message) {
    super(message);
  }

  public DecryptionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
