package dev.mero4j.membership;

/**
 * What a sealed payload holds; bound into its associated data so one kind never opens as another.
 */
public enum PayloadKind {
  /** A delta envelope (delta, events, governance position, author signature). */
  DELTA_ENVELOPE(1),
  /** A signed governance op, as gossiped to members. */
  GOVERNANCE_OP(2),
  /** A heartbeat or other per-context replication frame. */
  SYNC_FRAME(3);

  private final int code;

  PayloadKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static PayloadKind ofCode(int code) {
    for (PayloadKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new MalformedMembershipDataException("unknown sealed payload kind " + code);
  }
}
