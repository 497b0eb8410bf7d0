package dev.mero4j.crdt.internal;

/**
 * The total order of writes: hybrid timestamp, then replica key, then the action's index in its
 * delta. Equal stamps mean the same action.
 */
public record Stamp(long time, Replica replica, int seq) implements Comparable<Stamp> {
  @Override
  public int compareTo(Stamp o) {
    int c = Long.compare(time, o.time);
    if (c != 0) {
      return c;
    }
    c = replica.compareTo(o.replica);
    return c != 0 ? c : Integer.compare(seq, o.seq);
  }

  /** Whether {@code a} is after {@code b}, where null is before everything. */
  static boolean after(Stamp a, Stamp b) {
    return a != null && (b == null || a.compareTo(b) > 0);
  }

  static Stamp max(Stamp a, Stamp b) {
    return after(b, a) ? b : a;
  }
}
