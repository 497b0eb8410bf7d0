package dev.mero4j.membership;

/**
 * Sealing refused because the current key is held by a non-member or missed by a member (after
 * concurrent removals and admissions); issue {@link ContextMembership#rotateKey} first.
 */
public class RotationPendingException extends KeyUnavailableException {
  private static final long serialVersionUID = 1L;

  public RotationPendingException(String message) {
    super(message);
  }
}
