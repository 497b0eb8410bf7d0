package dev.mero4j.membership;

/** A member's role in a context; the code is its stable wire value (Calimero's role bytes). */
public enum Role {
  /** Writes, and manages members, roles, invitations and keys. */
  ADMIN(0),
  /** Writes application state. */
  MEMBER(1),
  /** Reads application state; its writes are refused. */
  READ_ONLY(2);

  private final int code;

  Role(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean canWrite() {
    return this != READ_ONLY;
  }

  public static Role ofCode(int code) {
    for (Role role : values()) {
      if (role.code == code) {
        return role;
      }
    }
    throw new MalformedMembershipDataException("unknown role code " + code);
  }

  /** Parses {@code admin}, {@code member} or {@code read-only} (any case). */
  public static Role parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "admin" -> ADMIN;
      case "member" -> MEMBER;
      case "read-only", "readonly", "read_only" -> READ_ONLY;
      default ->
          throw new IllegalArgumentException(
              "unknown role '" + text + "' (admin, member, read-only)");
    };
  }
}
