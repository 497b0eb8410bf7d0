package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An AutoNAT v1 message: {@code Message {type = 1, dial = 2 {peer = 1 {id = 1, addrs = 2}},
 * dialResponse = 3 {status = 1, statusText = 2, addr = 3}}}.
 *
 * @param type {@link #DIAL} or {@link #DIAL_RESPONSE}
 * @param dial the request (null in a response)
 * @param response the answer (null in a request)
 * @see <a href="https://github.com/libp2p/specs/blob/master/autonat/autonat-v1.md">AutoNAT v1</a>
 */
public record AutoNatMessage(int type, Dial dial, Response response) {
  public static final String PROTOCOL = "/libp2p/autonat/1.0.0";
  public static final int DIAL = 0;
  public static final int DIAL_RESPONSE = 1;

  public static final int OK = 0;
  public static final int E_DIAL_ERROR = 100;
  public static final int E_DIAL_REFUSED = 101;
  public static final int E_BAD_REQUEST = 200;
  public static final int E_INTERNAL_ERROR = 300;

  /** Messages over 4 KiB are refused (E_BAD_REQUEST). */
  public static final int MAX_MESSAGE = 4096;

  /** A request naming more addresses than this is refused (E_BAD_REQUEST). */
  public static final int MAX_ADDRS = 32;

  /** Status texts are cut to this many characters. */
  public static final int MAX_STATUS_TEXT = 256;

  /**
   * The DIAL request's peer info.
   *
   * @param peerId the requester's peer id (multihash bytes), may be null
   * @param addrs binary multiaddrs to dial back
   */
  public record Dial(byte[] peerId, List<byte[]> addrs) {
    public Dial {
      addrs = List.copyOf(addrs);
    }
  }

  /**
   * The DIAL_RESPONSE.
   *
   * @param status {@link #OK} or one of the {@code E_*} codes
   * @param text a human-readable reason, may be null
   * @param addr the address dialled back (binary multiaddr), may be null
   */
  public record Response(int status, String text, byte[] addr) {}

  public static AutoNatMessage dial(byte[] peerId, List<byte[]> addrs) {
    return new AutoNatMessage(DIAL, new Dial(peerId, addrs), null);
  }

  public static AutoNatMessage response(int status, String text, byte[] addr) {
    String cut =
        text == null || text.length() <= MAX_STATUS_TEXT
            ? text
            : text.substring(0, MAX_STATUS_TEXT);
    return new AutoNatMessage(DIAL_RESPONSE, null, new Response(status, cut, addr));
  }

  public byte[] encode() {
    ProtoWriter w = new ProtoWriter().uint64(1, type);
    if (dial != null) {
      ProtoWriter peer = new ProtoWriter().bytes(1, dial.peerId());
      dial.addrs().forEach(a -> peer.bytes(2, a));
      w.message(2, new ProtoWriter().message(1, peer));
    }
    if (response != null) {
      ProtoWriter r = new ProtoWriter().uint64(1, response.status());
      r.string(2, response.text()).bytes(3, response.addr());
      w.message(3, r);
    }
    return w.toByteArray();
  }

  /** Decodes a message; malformed bytes or too many addresses raise a protocol violation. */
  public static AutoNatMessage decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    int type = -1;
    Dial dial = null;
    Response response = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> type = (int) r.uint64();
        case 2 -> dial = decodeDial(r.message());
        case 3 -> response = decodeResponse(r.message());
        default -> r.skip();
      }
    }
    if (type != DIAL && type != DIAL_RESPONSE) {
      throw new ProtocolViolationException("AutoNAT message of unknown type " + type);
    }
    return new AutoNatMessage(type, dial, response);
  }

  private static Dial decodeDial(ProtoReader r) {
    byte[] id = null;
    List<byte[]> addrs = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      if (f != 1) {
        r.skip();
        continue;
      }
      ProtoReader peer = r.message();
      for (int g; (g = peer.next()) != 0; ) {
        switch (g) {
          case 1 -> id = peer.bytes();
          case 2 -> {
            if (addrs.size() >= MAX_ADDRS) {
              throw new ProtocolViolationException("more than " + MAX_ADDRS + " addresses");
            }
            addrs.add(peer.bytes());
          }
          default -> peer.skip();
        }
      }
    }
    return new Dial(id, addrs);
  }

  private static Response decodeResponse(ProtoReader r) {
    int status = -1;
    String text = null;
    byte[] addr = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> status = (int) r.uint64();
        case 2 -> text = r.string();
        case 3 -> addr = r.bytes();
        default -> r.skip();
      }
    }
    return new Response(status, text, addr);
  }
}
