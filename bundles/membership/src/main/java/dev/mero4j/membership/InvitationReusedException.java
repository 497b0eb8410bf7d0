package dev.mero4j.membership;

/** A single-use invitation that was already redeemed. */
public class InvitationReusedException extends InvalidInvitationException {
  private static final long serialVersionUID = 1L;

  public InvitationReusedException(String message) {
    super(Reason.REUSED, message);
  }
}
