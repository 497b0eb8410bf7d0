package dev.mero4j.crdt;

import dev.mero4j.primitives.PublicKey;
import java.util.Comparator;
import java.util.Objects;

/**
 * The stable identity of one element of a sequence (a character of text, an entry of a vector): the
 * replica that inserted it and a Lamport counter. Ordering is by counter, then replica key.
 *
 * @param replica the inserting replica; null only for {@link #HEAD}
 * @param counter the Lamport counter, at least 1 for real elements
 */
public record ElementId(PublicKey replica, long counter) implements Comparable<ElementId> {
  /** The virtual element before the first one; inserting "after HEAD" inserts at the start. */
  public static final ElementId HEAD = new ElementId(null, 0);

  /** Largest counter the engine accepts: 40 bits, so ids pack into a long with the replica. */
  public static final long MAX_COUNTER = (1L << 40) - 1;

  private static final Comparator<PublicKey> KEYS =
      Comparator.nullsFirst(Comparator.naturalOrder());

  public ElementId {
    if (replica == null && counter != 0) {
      throw new IllegalArgumentException("only HEAD has no replica");
    }
    if (counter < 0 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException("counter out of range: " + counter);
    }
  }

  public boolean isHead() {
    return replica == null;
  }

  /** The 40-byte key under which a vector stores this element's value entity. */
  public byte[] toKey() {
    byte[] key = new byte[40];
    Objects.requireNonNull(replica, "HEAD has no key").copyTo(key, 0);
    for (int i = 0; i < 8; i++) {
      key[32 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    return key;
  }

  @Override
  public int compareTo(ElementId o) {
    int c = Long.compare(counter, o.counter);
    return c != 0 ? c : KEYS.compare(replica, o.replica);
  }

  @Override
  public String toString() {
    return isHead() ? "HEAD" : counter + "@" + replica.toHex().substring(0, 8);
  }
}
