package dev.mero4j.transport.api;

import java.util.Objects;

/** The printable id of a peer (for libp2p, the base58 identity multihash {@code 12D3KooW…}). */
public record PeerId(String value) implements Comparable<PeerId> {
  public PeerId {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty peer id");
    }
  }

  @Override
  public int compareTo(PeerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
