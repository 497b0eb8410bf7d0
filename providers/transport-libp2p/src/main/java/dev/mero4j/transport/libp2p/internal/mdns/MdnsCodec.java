package dev.mero4j.transport.libp2p.internal.mdns;

import dev.mero4j.transport.api.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes DNS messages (RFC 1035, with name compression on decode) for mDNS discovery.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6762">RFC 6762 (mDNS)</a>
 * @see <a href="https://github.com/libp2p/specs/blob/master/discovery/mdns.md">libp2p mDNS</a>
 */
final class MdnsCodec {
  /** Compression pointers followed per name before the name counts as a loop. */
  private static final int MAX_POINTERS = 16;

  private MdnsCodec() {}

  static byte[] encode(MdnsFrame f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    short16(out, 0);
    short16(out, f.response() ? MdnsProtocol.FLAGS_RESPONSE : 0);
    short16(out, f.questions().size());
    short16(out, f.response() ? f.records().size() : 0);
    short16(out, 0);
    short16(out, 0);
    for (String q : f.questions()) {
      name(out, q);
      short16(out, MdnsProtocol.TYPE_PTR);
      short16(out, MdnsProtocol.CLASS_IN);
    }
    for (MdnsFrame.ResourceRecord r : f.records()) {
      name(out, r.name());
      short16(out, r.type());
      short16(out, MdnsProtocol.CLASS_IN);
      out.writeBytes(ByteBuffer.allocate(4).putInt(MdnsProtocol.TTL_SECONDS).array());
      ByteArrayOutputStream rdata = new ByteArrayOutputStream();
      if (r.type() == MdnsProtocol.TYPE_PTR) {
        name(rdata, r.target());
      } else {
        for (String t : r.texts()) {
          byte[] b = t.getBytes(StandardCharsets.UTF_8);
          if (b.length > 255) {
            throw new IllegalArgumentException("TXT string longer than 255 bytes");
          }
          rdata.write(b.length);
          rdata.writeBytes(b);
        }
      }
      short16(out, rdata.size());
      out.writeBytes(rdata.toByteArray());
    }
    return out.toByteArray();
  }

  private static void short16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void name(ByteArrayOutputStream out, String name) {
    for (String label : name.split("\\.", -1)) {
      byte[] b = label.getBytes(StandardCharsets.UTF_8);
      if (b.length == 0 || b.length > 63) {
        throw new IllegalArgumentException("bad DNS label in " + name);
      }
      out.write(b.length);
      out.writeBytes(b);
    }
    out.write(0);
  }

  static MdnsFrame decode(byte[] packet) {
    if (packet.length < 12 || packet.length > MdnsProtocol.MAX_PACKET) {
      throw new ProtocolViolationException("mDNS packet of " + packet.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(packet);
    in.getShort();
    boolean response = (in.getShort() & 0x8000) != 0;
    int qd = in.getShort() & 0xFFFF;
    int records = (in.getShort() & 0xFFFF) + (in.getShort() & 0xFFFF) + (in.getShort() & 0xFFFF);
    if (qd > MdnsProtocol.MAX_RECORDS || records > MdnsProtocol.MAX_RECORDS) {
      throw new ProtocolViolationException("too many mDNS records");
    }
    try {
      List<String> questions = new ArrayList<>();
      for (int i = 0; i < qd; i++) {
        questions.add(readName(in, packet));
        in.getInt();
      }
      List<MdnsFrame.ResourceRecord> out = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        out.add(readRecord(in, packet));
      }
      return new MdnsFrame(response, questions, out);
    } catch (java.nio.BufferUnderflowException
        | IndexOutOfBoundsException
        | IllegalArgumentException e) {
      throw new ProtocolViolationException("truncated or malformed mDNS packet", e);
    }
  }

  private static MdnsFrame.ResourceRecord readRecord(ByteBuffer in, byte[] packet) {
    String name = readName(in, packet);
    int type = in.getShort() & 0xFFFF;
    in.getShort();
    in.getInt();
    int len = in.getShort() & 0xFFFF;
    int end = in.position() + len;
    if (end > packet.length) {
      throw new ProtocolViolationException("mDNS record past the end");
    }
    String target = null;
    List<String> texts = List.of();
    if (type == MdnsProtocol.TYPE_PTR) {
      target = readName(in, packet);
    } else if (type == MdnsProtocol.TYPE_TXT) {
      List<String> t = new ArrayList<>();
      while (in.position() < end) {
        int n = in.get() & 0xFF;
        byte[] b = new byte[n];
        in.get(b);
        t.add(new String(b, StandardCharsets.UTF_8));
      }
      texts = t;
    }
    in.position(end);
    return new MdnsFrame.ResourceRecord(name, type, target, texts);
  }

  private static String readName(ByteBuffer in, byte[] packet) {
    StringBuilder sb = new StringBuilder();
    int pos = in.position();
    int resume = -1;
    int pointers = 0;
    while (true) {
      int len = packet[pos] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (++pointers > MAX_POINTERS) {
          throw new ProtocolViolationException("mDNS name compression loop");
        }
        if (resume < 0) {
          resume = pos + 2;
        }
        pos = ((len & 0x3F) << 8) | (packet[pos + 1] & 0xFF);
        continue;
      }
      pos++;
      if (len == 0) {
        break;
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(new String(packet, pos, len, StandardCharsets.UTF_8));
      pos += len;
      if (sb.length() > 255) {
        throw new ProtocolViolationException("mDNS name too long");
      }
    }
    in.position(resume >= 0 ? resume : pos);
    return sb.toString();
  }
}
