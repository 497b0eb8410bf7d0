package dev.mero4j.membership;

/** An invitation revoked by an admin in the governance log. */
public class InvitationRevokedException extends InvalidInvitationException {
  private static final long serialVersionUID = 1L;

  public InvitationRevokedException(String message) {
    super(Reason.REVOKED, message);
  }
}
