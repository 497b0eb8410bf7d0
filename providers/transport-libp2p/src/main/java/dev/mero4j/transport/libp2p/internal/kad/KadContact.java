package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.Base58;
import dev.mero4j.transport.api.PeerId;
import java.util.List;

/**
 * A peer as the DHT knows it: its id (printed and binary), its point in the keyspace and the binary
 * multiaddrs it was last seen with.
 */
public record KadContact(PeerId id, byte[] rawId, KadKey key, List<byte[]> addrs) {
  public KadContact {
    addrs = List.copyOf(addrs);
  }

  /** A contact from a binary peer id. */
  public static KadContact of(byte[] rawId, List<byte[]> addrs) {
    return new KadContact(new PeerId(Base58.encode(rawId)), rawId, KadKey.of(rawId), addrs);
  }

  /** This contact as a wire peer. */
  public KadMessage.Peer toPeer() {
    return new KadMessage.Peer(rawId, addrs, 0);
  }

  /** The same peer with other addresses (kept when {@code newer} is empty). */
  public KadContact withAddrs(List<byte[]> newer) {
    return newer.isEmpty() ? this : new KadContact(id, rawId, key, newer);
  }
}
