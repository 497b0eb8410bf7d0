package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr restricted to /ip4, /ip6, /dns, /dns4, /dns6, /tcp, /p2p and /p2p-circuit, in text
 * and binary.
 *
 * @see <a href="https://github.com/multiformats/multiaddr">multiaddr</a>
 */
public record Multiaddr(List<Component> components) {
  /** Binary codes from the multicodec table. */
  static final int IP4 = 4;

  static final int TCP = 6;
  static final int IP6 = 41;
  static final int DNS = 53;
  static final int DNS4 = 54;
  static final int DNS6 = 55;
  static final int P2P = 421;
  static final int P2P_CIRCUIT = 290;

  /** The component that separates a relay's address from the relayed peer's. */
  public static final String CIRCUIT = "p2p-circuit";

  /** Protects against absurd binary input; libp2p addresses are tiny. */
  static final int MAX_BINARY_LENGTH = 1024;

  /** One {@code /name/value} pair. */
  public record Component(String name, String value) {}

  public Multiaddr {
    components = List.copyOf(components);
  }

  public static Multiaddr parse(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException("a multiaddr starts with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i];
      if (name.equals(CIRCUIT)) {
        out.add(new Component(CIRCUIT, ""));
        continue;
      }
      if (i + 1 >= parts.length) {
        throw new IllegalArgumentException("missing value for /" + name + " in " + text);
      }
      String value = parts[++i];
      validate(name, value);
      out.add(new Component(name, value));
    }
    return new Multiaddr(out);
  }

  private static void validate(String name, String value) {
    switch (name) {
      case "ip4" -> {
        if (!value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
          throw new IllegalArgumentException("bad ip4 " + value);
        }
      }
      case "ip6" -> {
        if (!value.contains(":")) {
          throw new IllegalArgumentException("bad ip6 " + value);
        }
      }
      case "tcp" -> {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("bad port " + value);
        }
      }
      case "dns", "dns4", "dns6" -> {
        if (value.isEmpty()) {
          throw new IllegalArgumentException("empty host name");
        }
      }
      case "p2p", "ipfs" -> PeerIds.parse(value);
      default -> throw new IllegalArgumentException("unsupported multiaddr protocol /" + name);
    }
  }

  public Optional<String> value(String name) {
    return components.stream().filter(c -> c.name().equals(name)).map(Component::value).findFirst();
  }

  /** The peer this address leads to: the last /p2p part (the relayed peer of a circuit). */
  public Optional<PeerId> peerId() {
    PeerId last = null;
    for (Component c : components) {
      if (c.name().equals("p2p") || c.name().equals("ipfs")) {
        last = new PeerId(c.value());
      }
    }
    return Optional.ofNullable(last);
  }

  /** True for a {@code /p2p-circuit} address, reached through a relay. */
  public boolean isRelayed() {
    return components.stream().anyMatch(c -> c.name().equals(CIRCUIT));
  }

  /** The relay's part of a circuit address (everything before {@code /p2p-circuit}). */
  public Multiaddr relay() {
    int i = 0;
    while (i < components.size() && !components.get(i).name().equals(CIRCUIT)) {
      i++;
    }
    if (i == components.size()) {
      throw new IllegalArgumentException("not a circuit address: " + this);
    }
    return new Multiaddr(components.subList(0, i));
  }

  /** This address without its /p2p part. */
  public Multiaddr withoutPeer() {
    return new Multiaddr(
        components.stream()
            .filter(c -> !c.name().equals("p2p") && !c.name().equals("ipfs"))
            .toList());
  }

  /** Host and TCP port for dialling; DNS names are resolved by the caller's resolver. */
  public InetSocketAddress socketAddress() {
    String host =
        value("ip4")
            .or(() -> value("ip6"))
            .or(() -> value("dns"))
            .or(() -> value("dns4"))
            .or(() -> value("dns6"))
            .orElseThrow(() -> new IllegalArgumentException("no host in " + this));
    int port =
        Integer.parseInt(
            value("tcp").orElseThrow(() -> new IllegalArgumentException("no /tcp in " + this)));
    return InetSocketAddress.createUnresolved(host, port);
  }

  public static Multiaddr of(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String family = ip.getAddress().length == 4 ? "ip4" : "ip6";
    return new Multiaddr(
        List.of(
            new Component(family, ip.getHostAddress().replaceAll("%.*$", "")),
            new Component("tcp", Integer.toString(address.getPort()))));
  }

  public Multiaddr with(String name, String value) {
    List<Component> out = new ArrayList<>(components);
    out.add(new Component(name, value));
    return new Multiaddr(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.name());
      if (!c.name().equals(CIRCUIT)) {
        sb.append('/').append(c.value());
      }
    }
    return sb.toString();
  }

  /** The binary form carried in identify messages. */
  public byte[] toBytes() {
    ByteBuf out = Unpooled.buffer();
    try {
      for (Component c : components) {
        switch (c.name()) {
          case "ip4" -> {
            Varint.write(out, IP4);
            out.writeBytes(ipBytes(c.value()));
          }
          case "ip6" -> {
            Varint.write(out, IP6);
            out.writeBytes(ipBytes(c.value()));
          }
          case "tcp" -> {
            Varint.write(out, TCP);
            out.writeShort(Integer.parseInt(c.value()));
          }
          case "dns", "dns4", "dns6" -> {
            Varint.write(out, c.name().equals("dns") ? DNS : c.name().equals("dns4") ? DNS4 : DNS6);
            byte[] b = c.value().getBytes(StandardCharsets.UTF_8);
            Varint.write(out, b.length);
            out.writeBytes(b);
          }
          case CIRCUIT -> Varint.write(out, P2P_CIRCUIT);
          default -> {
            Varint.write(out, P2P);
            byte[] b = PeerIds.toBytes(new PeerId(c.value()));
            Varint.write(out, b.length);
            out.writeBytes(b);
          }
        }
      }
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }

  private static byte[] ipBytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad ip literal " + literal, e);
    }
  }

  /** A binary multiaddr, or empty for protocols this code cannot represent (/ws, /quic…). */
  public static Optional<Multiaddr> tryFromBytes(byte[] bytes) {
    try {
      return Optional.of(fromBytes(bytes));
    } catch (ProtocolViolationException unsupported) {
      return Optional.empty();
    }
  }

  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length > MAX_BINARY_LENGTH) {
      throw new ProtocolViolationException("multiaddr too long");
    }
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    List<Component> out = new ArrayList<>();
    while (in.isReadable()) {
      long code = Varint.tryRead(in);
      switch ((int) code) {
        case IP4 -> out.add(new Component("ip4", ip(read(in, 4))));
        case IP6 -> out.add(new Component("ip6", ip(read(in, 16))));
        case TCP ->
            out.add(new Component("tcp", Integer.toString(read(in, 2).readUnsignedShort())));
        case DNS, DNS4, DNS6 ->
            out.add(
                new Component(
                    code == DNS ? "dns" : code == DNS4 ? "dns4" : "dns6",
                    read(in, length(in)).toString(StandardCharsets.UTF_8)));
        case P2P_CIRCUIT -> out.add(new Component(CIRCUIT, ""));
        case P2P -> {
          ByteBuf b = read(in, length(in));
          byte[] id = new byte[b.readableBytes()];
          b.readBytes(id);
          out.add(new Component("p2p", PeerIds.fromBytes(id).value()));
        }
        default -> throw new ProtocolViolationException("unsupported multiaddr code " + code);
      }
    }
    return new Multiaddr(out);
  }

  private static int length(ByteBuf in) {
    long len = Varint.tryRead(in);
    if (len < 0 || len > in.readableBytes()) {
      throw new ProtocolViolationException("truncated multiaddr");
    }
    return (int) len;
  }

  private static ByteBuf read(ByteBuf in, int n) {
    if (in.readableBytes() < n) {
      throw new ProtocolViolationException("truncated multiaddr");
    }
    return in.readSlice(n);
  }

  private static String ip(ByteBuf b) {
    byte[] raw = new byte[b.readableBytes()];
    b.readBytes(raw);
    try {
      return InetAddress.getByAddress(raw).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ProtocolViolationException("bad ip bytes", e);
    }
  }
}
