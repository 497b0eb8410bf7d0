package dev.mero4j.membership;

/**
 * An invitation presented by someone other than its invitee, with a wrong secret, or for another
 * context.
 */
public class InvitationMismatchException extends InvalidInvitationException {
  private static final long serialVersionUID = 1L;

  public InvitationMismatchException(String message) {
    super(Reason.MISMATCH, message);
  }
}
