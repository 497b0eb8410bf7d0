package dev.mero4j.transport.libp2p.internal.dcutr;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A DCUtR message, {@code HolePunch {type = 1 (CONNECT 100, SYNC 300), ObsAddrs = 2}}.
 *
 * @param type {@link #CONNECT} or {@link #SYNC}
 * @param addrs binary multiaddrs the sender was observed at
 * @see <a href="https://github.com/libp2p/specs/blob/master/relay/DCUtR.md">DCUtR</a>
 */
public record HolePunchMessage(int type, List<byte[]> addrs) {
  public static final String PROTOCOL = "/libp2p/dcutr";
  public static final int CONNECT = 100;
  public static final int SYNC = 300;

  /** Messages over 4 KiB are refused, as the spec asks. */
  public static final int MAX_MESSAGE = 4096;

  /** Addresses read from one message. */
  public static final int MAX_ADDRS = 16;

  public HolePunchMessage {
    addrs = List.copyOf(addrs);
  }

  public byte[] encode() {
    ProtoWriter w = new ProtoWriter().uint64(1, type);
    addrs.forEach(a -> w.bytes(2, a));
    return w.toByteArray();
  }

  public static HolePunchMessage decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    int type = 0;
    List<byte[]> addrs = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> type = (int) r.uint64();
        case 2 -> {
          if (addrs.size() >= MAX_ADDRS) {
            throw new ProtocolViolationException("more than " + MAX_ADDRS + " observed addresses");
          }
          addrs.add(r.bytes());
        }
        default -> r.skip();
      }
    }
    if (type != CONNECT && type != SYNC) {
      throw new ProtocolViolationException("DCUtR message of unknown type " + type);
    }
    return new HolePunchMessage(type, addrs);
  }
}
