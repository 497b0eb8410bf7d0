package dev.mero4j.transport.libp2p.internal.relay;

import java.util.List;

/**
 * A hop or stop message of circuit relay v2; absent fields are null (status 0 when absent).
 *
 * @param type {@code HOP_*} or {@code STOP_*} of {@link RelayProtocol}
 * @param peer the peer to connect to (hop CONNECT) or the initiator (stop CONNECT)
 * @param reservation the granted reservation (hop STATUS answering RESERVE)
 * @param limit the limits applied to a relayed connection
 * @param status a status code of {@link RelayProtocol}, 0 when absent
 */
public record CircuitMessage(
    int type, Peer peer, Reservation reservation, Limit limit, int status) {

  /** A peer id (multihash bytes) and its binary multiaddrs. */
  public record Peer(byte[] id, List<byte[]> addrs) {
    public Peer {
      addrs = List.copyOf(addrs);
    }
  }

  /**
   * A reservation: {@code expire} in UNIX seconds, the relay's addresses, a signed voucher.
   *
   * @param expire UTC UNIX time in seconds when the reservation lapses
   * @param addrs the relay's public addresses (binary multiaddrs, with /p2p)
   * @param voucher the signed envelope, or null
   */
  public record Reservation(long expire, List<byte[]> addrs, byte[] voucher) {
    public Reservation {
      addrs = List.copyOf(addrs);
    }
  }

  /**
   * Limits of a relayed connection; 0 means none.
   *
   * @param durationSeconds longest life of a relayed connection
   * @param dataBytes bytes allowed in each direction
   */
  public record Limit(long durationSeconds, long dataBytes) {}

  /** A STATUS answer on the hop protocol. */
  public static CircuitMessage hopStatus(int status) {
    return new CircuitMessage(RelayProtocol.HOP_STATUS, null, null, null, status);
  }

  /** A STATUS answer on the stop protocol. */
  public static CircuitMessage stopStatus(int status) {
    return new CircuitMessage(RelayProtocol.STOP_STATUS, null, null, null, status);
  }
}
