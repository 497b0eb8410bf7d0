package dev.mero4j.transport.libp2p.internal.relay;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Protobuf codec of {@code HopMessage} (type 1, peer 2, reservation 3, limit 4, status 5) and
 * {@code StopMessage} (type 1, peer 2, limit 3, status 4), with {@code Peer}, {@code Reservation}
 * and {@code Limit}.
 */
public final class CircuitCodec {
  private CircuitCodec() {}

  public static byte[] encodeHop(CircuitMessage m) {
    ProtoWriter w = new ProtoWriter().uint64(1, m.type());
    if (m.peer() != null) {
      w.message(2, peer(m.peer()));
    }
    if (m.reservation() != null) {
      w.message(3, reservation(m.reservation()));
    }
    if (m.limit() != null) {
      w.message(4, limit(m.limit()));
    }
    if (m.status() != 0) {
      w.uint64(5, m.status());
    }
    return w.toByteArray();
  }

  public static byte[] encodeStop(CircuitMessage m) {
    ProtoWriter w = new ProtoWriter().uint64(1, m.type());
    if (m.peer() != null) {
      w.message(2, peer(m.peer()));
    }
    if (m.limit() != null) {
      w.message(3, limit(m.limit()));
    }
    if (m.status() != 0) {
      w.uint64(4, m.status());
    }
    return w.toByteArray();
  }

  private static ProtoWriter peer(CircuitMessage.Peer p) {
    ProtoWriter w = new ProtoWriter().bytes(1, p.id());
    p.addrs().forEach(a -> w.bytes(2, a));
    return w;
  }

  private static ProtoWriter reservation(CircuitMessage.Reservation r) {
    ProtoWriter w = new ProtoWriter().uint64(1, r.expire());
    r.addrs().forEach(a -> w.bytes(2, a));
    return w.bytes(3, r.voucher());
  }

  private static ProtoWriter limit(CircuitMessage.Limit l) {
    ProtoWriter w = new ProtoWriter();
    if (l.durationSeconds() != 0) {
      w.uint64(1, l.durationSeconds());
    }
    if (l.dataBytes() != 0) {
      w.uint64(2, l.dataBytes());
    }
    return w;
  }

  public static CircuitMessage decodeHop(byte[] bytes) {
    return decode(bytes, true);
  }

  public static CircuitMessage decodeStop(byte[] bytes) {
    return decode(bytes, false);
  }

  private static CircuitMessage decode(byte[] bytes, boolean hop) {
    ProtoReader r = new ProtoReader(bytes);
    int type = -1;
    int status = 0;
    CircuitMessage.Peer peer = null;
    CircuitMessage.Reservation reservation = null;
    CircuitMessage.Limit limit = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> type = (int) r.uint64();
        case 2 -> peer = peer(r.message());
        case 3 -> {
          if (hop) {
            reservation = reservation(r.message());
          } else {
            limit = limit(r.message());
          }
        }
        case 4 -> {
          if (hop) {
            limit = limit(r.message());
          } else {
            status = (int) r.uint64();
          }
        }
        case 5 -> {
          if (hop) {
            status = (int) r.uint64();
          } else {
            r.skip();
          }
        }
        default -> r.skip();
      }
    }
    if (type < 0 || type > (hop ? RelayProtocol.HOP_STATUS : RelayProtocol.STOP_STATUS)) {
      throw new ProtocolViolationException("circuit relay message of unknown type " + type);
    }
    return new CircuitMessage(type, peer, reservation, limit, status);
  }

  private static CircuitMessage.Peer peer(ProtoReader r) {
    byte[] id = null;
    List<byte[]> addrs = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> id = r.bytes();
        case 2 -> addAddr(addrs, r.bytes());
        default -> r.skip();
      }
    }
    if (id == null) {
      throw new ProtocolViolationException("circuit relay peer without id");
    }
    return new CircuitMessage.Peer(id, addrs);
  }

  private static void addAddr(List<byte[]> addrs, byte[] addr) {
    if (addrs.size() >= RelayProtocol.MAX_ADDRS) {
      throw new ProtocolViolationException("more than " + RelayProtocol.MAX_ADDRS + " addresses");
    }
    addrs.add(addr);
  }

  private static CircuitMessage.Reservation reservation(ProtoReader r) {
    long expire = 0;
    byte[] voucher = null;
    List<byte[]> addrs = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> expire = r.uint64();
        case 2 -> addAddr(addrs, r.bytes());
        case 3 -> voucher = r.bytes();
        default -> r.skip();
      }
    }
    return new CircuitMessage.Reservation(expire, addrs, voucher);
  }

  private static CircuitMessage.Limit limit(ProtoReader r) {
    long duration = 0;
    long data = 0;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> duration = r.uint64();
        case 2 -> data = r.uint64();
        default -> r.skip();
      }
    }
    return new CircuitMessage.Limit(duration, data);
  }
}
