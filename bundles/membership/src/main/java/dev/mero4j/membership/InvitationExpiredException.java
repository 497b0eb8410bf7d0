package dev.mero4j.membership;

/** An invitation presented after its expiry. */
public class InvitationExpiredException extends InvalidInvitationException {
  private static final long serialVersionUID = 1L;

  public InvitationExpiredException(String message) {
    super(Reason.EXPIRED, message);
  }
}
