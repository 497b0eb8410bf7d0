package dev.mero4j.membership;

/**
 * An invitation that was refused; {@link #reason()} travels in a join refusal so the joiner can
 * rethrow the same subtype with {@link #of}.
 */
public class InvalidInvitationException extends MembershipException {
  private static final long serialVersionUID = 1L;

  /** Why an invitation was refused; the code is its stable wire value. */
  public enum Reason {
    MALFORMED(1),
    FORGED(2),
    EXPIRED(3),
    REUSED(4),
    REVOKED(5),
    /** The joiner is not the bound invitee, or the secret does not match, or another context. */
    MISMATCH(6),
    /** The inviter is not an admin of the context (any more). */
    INVITER_NOT_ADMIN(7);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Reason ofCode(int code) {
      for (Reason reason : values()) {
        if (reason.code == code) {
          return reason;
        }
      }
      return MALFORMED;
    }
  }

  private final Reason reason;

  public InvalidInvitationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The subtype named for {@code reason}. */
  public static InvalidInvitationException of(Reason reason, String message) {
    return switch (reason) {
      case FORGED -> new InvitationForgedException(message);
      case EXPIRED -> new InvitationExpiredException(message);
      case REUSED -> new InvitationReusedException(message);
      case REVOKED -> new InvitationRevokedException(message);
      case MISMATCH -> new InvitationMismatchException(message);
      default -> new InvalidInvitationException(reason, message);
    };
  }
}
