package dev.mero4j.transport.libp2p.internal.identify;

import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Protobuf codec of {@code Identify} (publicKey = 1, listenAddrs = 2, protocols = 3, observedAddr =
 * 4, protocolVersion = 5, agentVersion = 6; signedPeerRecord = 8 is ignored).
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/identify/README.md#the-identify-message">identify
 *     message</a>
 */
public final class IdentifyCodec {
  private IdentifyCodec() {}

  public static byte[] encode(IdentifyFrame f) {
    ProtoWriter w = new ProtoWriter().bytes(1, f.publicKey());
    f.listenAddrs().forEach(a -> w.bytes(2, a));
    f.protocols().forEach(p -> w.string(3, p));
    w.bytes(4, f.observedAddr()).string(5, f.protocolVersion()).string(6, f.agentVersion());
    return w.toByteArray();
  }

  public static IdentifyFrame decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    String protocolVersion = null;
    String agentVersion = null;
    byte[] publicKey = null;
    byte[] observed = null;
    List<byte[]> addrs = new ArrayList<>();
    List<String> protocols = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> publicKey = r.bytes();
        case 2 -> addrs.add(r.bytes());
        case 3 -> protocols.add(r.string());
        case 4 -> observed = r.bytes();
        case 5 -> protocolVersion = r.string();
        case 6 -> agentVersion = r.string();
        default -> r.skip();
      }
    }
    return new IdentifyFrame(protocolVersion, agentVersion, publicKey, addrs, observed, protocols);
  }
}
