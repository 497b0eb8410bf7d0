package dev.mero4j.transport.libp2p.internal.kad;

import java.util.List;

/**
 * One kad-dht RPC message (request or answer).
 *
 * @param type what the message asks or answers
 * @param key the key asked about (a peer id for FIND_NODE), or null
 * @param record the record carried by PUT_VALUE and GET_VALUE answers, or null
 * @param closerPeers peers closer to the key
 * @param providerPeers providers of the key (ADD_PROVIDER, GET_PROVIDERS)
 */
public record KadMessage(
    Type type, byte[] key, KadRecord record, List<Peer> closerPeers, List<Peer> providerPeers) {
  public KadMessage {
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  /** A request of {@code type} about {@code key}. */
  public static KadMessage request(Type type, byte[] key) {
    return new KadMessage(type, key, null, List.of(), List.of());
  }

  /** The message types, with their wire numbers. */
  public enum Type {
    PUT_VALUE(0),
    GET_VALUE(1),
    ADD_PROVIDER(2),
    GET_PROVIDERS(3),
    FIND_NODE(4),
    PING(5);

    /** The number on the wire. */
    public final int wire;

    Type(int wire) {
      this.wire = wire;
    }

    static Type of(long wire) {
      for (Type t : values()) {
        if (t.wire == wire) {
          return t;
        }
      }
      throw new KadException("unknown kad message type " + wire);
    }
  }

  /**
   * A peer as the wire carries it.
   *
   * @param id the binary peer id (multihash)
   * @param addrs binary multiaddrs
   * @param connection the sender's connection state to it (0 not connected, 1 connected…)
   */
  public record Peer(byte[] id, List<byte[]> addrs, int connection) {
    public Peer {
      addrs = List.copyOf(addrs);
    }
  }

  /**
   * A stored value.
   *
   * @param key the record's key
   * @param value the (signed) value
   * @param timeReceived RFC 3339 time set by the receiver, or null
   */
  public record KadRecord(byte[] key, byte[] value, String timeReceived) {}
}
