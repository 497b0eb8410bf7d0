package dev.mero4j.runtime.api;

/**
 * An invitation was refused (by this node or by the member asked to admit); {@link #reason()} says
 * why.
 */
public class InvitationRefusedException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  /** Why an invitation was refused. */
  public enum Reason {
    /** Not an invitation text. */
    MALFORMED,
    /** The inviter's signature does not verify. */
    FORGED,
    EXPIRED,
    /** Already redeemed, or the joiner is already a member. */
    REUSED,
    REVOKED,
    /** Bound to another invitee, wrong secret, or another context. */
    MISMATCH,
    /** The inviter is not (or no longer) an admin of the context. */
    INVITER_NOT_ADMIN
  }

  private final Reason reason;

  public InvitationRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InvitationRefusedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
