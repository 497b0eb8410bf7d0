package dev.mero4j.membership;

/** An invitation whose inviter signature does not verify. */
public class InvitationForgedException extends InvalidInvitationException {
  private static final long serialVersionUID = 1L;

  public InvitationForgedException(String message) {
    super(Reason.FORGED, message);
  }
}
