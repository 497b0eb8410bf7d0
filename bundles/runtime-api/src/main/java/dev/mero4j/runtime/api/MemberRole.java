package dev.mero4j.runtime.api;

import java.util.Locale;

/** A member's rights in a context. */
public enum MemberRole {
  /** Writes, and manages members, roles, invitations and keys. */
  ADMIN,
  /** Writes application state. */
  MEMBER,
  /** Reads application state; its writes are refused. */
  READ_ONLY;

  /**
   * Parses {@code admin}, {@code member} or {@code read-only} (any case, {@code _} for {@code -}).
   */
  public static MemberRole parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "admin" -> ADMIN;
      case "member" -> MEMBER;
      case "read-only", "readonly", "read_only" -> READ_ONLY;
      default ->
          throw new InvalidArgumentsException(
              "unknown role '" + text + "' (admin, member, read-only)");
    };
  }

  /** The name {@link #parse} reads: {@code admin}, {@code member}, {@code read-only}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
