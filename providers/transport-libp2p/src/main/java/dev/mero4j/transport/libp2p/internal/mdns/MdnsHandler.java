package dev.mero4j.transport.libp2p.internal.mdns;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * mDNS discovery: answers queries for {@code _p2p._udp.local} with this node's addresses and
 * reports the addresses other nodes announce. The packet carrier is injected, so tests run it on an
 * in-memory bus instead of a LAN.
 */
public final class MdnsHandler {
  private static final System.Logger LOG = System.getLogger(MdnsHandler.class.getName());
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** Sends one packet to the mDNS group. */
  public interface Link {
    void send(byte[] packet);
  }

  /** Opens a {@link Link} whose received packets go to {@code receiver}. */
  public interface LinkFactory {
    Link open(io.netty.channel.EventLoopGroup loops, Consumer<byte[]> receiver)
        throws java.io.IOException;
  }

  private final PeerId self;
  private final Supplier<List<Multiaddr>> addresses;
  private final Link link;
  private final Consumer<Multiaddr> discovered;
  private final String peerName;

  public MdnsHandler(
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      Random random,
      Link link,
      Consumer<Multiaddr> discovered) {
    this.self = self;
    this.addresses = addresses;
    this.link = link;
    this.discovered = discovered;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    this.peerName = sb + "." + MdnsProtocol.SERVICE;
  }

  /** Asks the group who serves libp2p. */
  public void query() {
    link.send(MdnsCodec.encode(new MdnsFrame(false, List.of(MdnsProtocol.SERVICE), List.of())));
  }

  /** Handles one received packet; malformed packets are ignored. */
  public void onPacket(byte[] packet) {
    MdnsFrame frame;
    try {
      frame = MdnsCodec.decode(packet);
    } catch (ProtocolViolationException e) {
      LOG.log(Level.DEBUG, "ignoring malformed mDNS packet: {0}", e.getMessage());
      return;
    }
    if (!frame.response() && frame.questions().contains(MdnsProtocol.SERVICE)) {
      respond();
    } else if (frame.response()) {
      onResponse(frame);
    }
  }

  private void respond() {
    List<String> texts = new ArrayList<>();
    for (Multiaddr a : addresses.get()) {
      texts.add(MdnsProtocol.DNSADDR + a.with("p2p", self.value()));
    }
    if (texts.isEmpty()) {
      return;
    }
    List<MdnsFrame.ResourceRecord> records =
        List.of(
            new MdnsFrame.ResourceRecord(
                MdnsProtocol.SERVICE, MdnsProtocol.TYPE_PTR, peerName, List.of()),
            new MdnsFrame.ResourceRecord(peerName, MdnsProtocol.TYPE_TXT, null, texts));
    link.send(MdnsCodec.encode(new MdnsFrame(true, List.of(), records)));
  }

  private void onResponse(MdnsFrame frame) {
    Set<String> names = new HashSet<>();
    for (MdnsFrame.ResourceRecord r : frame.records()) {
      if (r.type() == MdnsProtocol.TYPE_PTR
          && MdnsProtocol.SERVICE.equals(r.name())
          && r.target() != null) {
        names.add(r.target());
      }
    }
    for (MdnsFrame.ResourceRecord r : frame.records()) {
      if (r.type() != MdnsProtocol.TYPE_TXT || !names.contains(r.name())) {
        continue;
      }
      for (String t : r.texts()) {
        if (!t.startsWith(MdnsProtocol.DNSADDR)) {
          continue;
        }
        try {
          Multiaddr a = Multiaddr.parse(t.substring(MdnsProtocol.DNSADDR.length()));
          if (a.peerId().isPresent() && !a.peerId().get().equals(self)) {
            discovered.accept(a);
          }
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "ignoring bad mDNS address {0}", t);
        }
      }
    }
  }
}
