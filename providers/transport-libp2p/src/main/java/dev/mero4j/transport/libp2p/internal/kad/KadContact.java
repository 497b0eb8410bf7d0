package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.Base58;
import dev.mero4j.transport.api.PeerId;
import java.util.Arrays;
import java.util.List;

/**
 * A peer as the DHT knows it: its id (binary, printed on first use), its point in the keyspace and
 * the binary multiaddrs it was last seen with. Equal when the binary ids are.
 */
public final class KadContact {
  private final byte[] rawId;
  private final KadKey key;
  private final List<byte[]> addrs;
  private PeerId id;

  private KadContact(PeerId id, byte[] rawId, KadKey key, List<byte[]> addrs) {
    this.id = id;
    this.rawId = rawId;
    this.key = key;
    this.addrs = List.copyOf(addrs);
  }

  /** A contact from a binary peer id. */
  public static KadContact of(byte[] rawId, List<byte[]> addrs) {
    return new KadContact(null, rawId, KadKey.of(rawId), addrs);
  }

  /** The printed peer id (base58, computed once). */
  public synchronized PeerId id() {
    if (id == null) {
      id = new PeerId(Base58.encode(rawId));
    }
    return id;
  }

  public byte[] rawId() {
    return rawId;
  }

  public KadKey key() {
    return key;
  }

  public List<byte[]> addrs() {
    return addrs;
  }

  /** This contact as a wire peer. */
  public KadMessage.Peer toPeer() {
    return new KadMessage.Peer(rawId, addrs, 0);
  }

  /** The same peer with other addresses (kept when {@code newer} is empty). */
  public KadContact withAddrs(List<byte[]> newer) {
    return newer.isEmpty() ? this : new KadContact(id, rawId, key, newer);
  }

  /** The same peer without addresses. */
  public KadContact withoutAddrs() {
    return new KadContact(id, rawId, key, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadContact c && Arrays.equals(rawId, c.rawId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rawId);
  }

  @Override
  public String toString() {
    return "KadContact[" + id() + "]";
  }
}
