package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Protobuf codec of the kad-dht {@code Message} (type = 1, key = 2, record = 3, closerPeers = 8,
 * providerPeers = 9, clusterLevelRaw = 10 ignored) and {@code Record} (key = 1, value = 2,
 * timeReceived = 5), enforcing {@link KadProtocol}'s limits on decode.
 */
public final class KadCodec {
  private KadCodec() {}

  public static byte[] encode(KadMessage m) {
    ProtoWriter w = new ProtoWriter().uint64(1, m.type().wire).bytes(2, m.key());
    if (m.record() != null) {
      KadMessage.KadRecord r = m.record();
      w.message(
          3, new ProtoWriter().bytes(1, r.key()).bytes(2, r.value()).string(5, r.timeReceived()));
    }
    m.closerPeers().forEach(p -> w.message(8, peer(p)));
    m.providerPeers().forEach(p -> w.message(9, peer(p)));
    return w.toByteArray();
  }

  private static ProtoWriter peer(KadMessage.Peer p) {
    ProtoWriter w = new ProtoWriter().bytes(1, p.id());
    p.addrs().forEach(a -> w.bytes(2, a));
    if (p.connection() != 0) {
      w.uint64(3, p.connection());
    }
    return w;
  }

  /** Decodes one message; throws {@link KadException} on malformed or over-limit input. */
  public static KadMessage decode(byte[] bytes) {
    if (bytes.length > KadProtocol.MAX_MESSAGE) {
      throw new KadException("kad message of " + bytes.length + " bytes");
    }
    ProtoReader r = new ProtoReader(bytes);
    KadMessage.Type type = KadMessage.Type.PUT_VALUE;
    byte[] key = null;
    KadMessage.KadRecord record = null;
    List<KadMessage.Peer> closer = new ArrayList<>();
    List<KadMessage.Peer> providers = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> type = KadMessage.Type.of(r.uint64());
        case 2 -> key = limited(r.bytes(), KadProtocol.MAX_KEY, "key");
        case 3 -> record = record(r.message());
        case 8 -> add(closer, peer(r.message()), "closerPeers");
        case 9 -> add(providers, peer(r.message()), "providerPeers");
        default -> r.skip();
      }
    }
    return new KadMessage(type, key, record, closer, providers);
  }

  private static void add(List<KadMessage.Peer> list, KadMessage.Peer p, String field) {
    if (list.size() >= KadProtocol.MAX_PEERS_PER_FIELD) {
      throw new KadException("more than " + KadProtocol.MAX_PEERS_PER_FIELD + " peers in " + field);
    }
    list.add(p);
  }

  private static KadMessage.Peer peer(ProtoReader r) {
    byte[] id = null;
    List<byte[]> addrs = new ArrayList<>();
    int connection = 0;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> id = limited(r.bytes(), KadProtocol.MAX_PEER_ID_LENGTH, "peer id");
        case 2 -> {
          byte[] a = limited(r.bytes(), KadProtocol.MAX_ADDR_LENGTH, "multiaddr");
          if (addrs.size() < KadProtocol.MAX_ADDRS_PER_PEER) {
            addrs.add(a);
          }
        }
        case 3 -> connection = (int) Math.min(r.uint64(), 3);
        default -> r.skip();
      }
    }
    if (id == null || id.length == 0) {
      throw new KadException("a peer without an id");
    }
    return new KadMessage.Peer(id, addrs, connection);
  }

  private static KadMessage.KadRecord record(ProtoReader r) {
    byte[] key = null;
    byte[] value = null;
    String time = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> key = limited(r.bytes(), KadProtocol.MAX_KEY, "record key");
        case 2 -> value = limited(r.bytes(), KadProtocol.MAX_VALUE, "record value");
        case 5 ->
            time =
                new String(
                    limited(r.bytes(), 64, "timeReceived"),
                    java.nio.charset.StandardCharsets.UTF_8);
        default -> r.skip();
      }
    }
    return new KadMessage.KadRecord(key, value, time);
  }

  private static byte[] limited(byte[] value, int max, String what) {
    if (value.length > max) {
      throw new KadException(what + " of " + value.length + " bytes exceeds " + max);
    }
    return value;
  }
}
