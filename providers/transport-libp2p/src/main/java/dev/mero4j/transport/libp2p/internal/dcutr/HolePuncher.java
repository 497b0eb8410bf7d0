package dev.mero4j.transport.libp2p.internal.dcutr;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.stream.StreamHandler;
import dev.mero4j.transport.libp2p.internal.stream.StreamProtocolHandler;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * DCUtR: upgrades relayed connections to direct ones. The inbound side of a relayed connection
 * sends CONNECT with its addresses and times the answer; the outbound side answers with its own;
 * after SYNC both dial at once (the outbound side at once as client, the inbound side half a round
 * trip later as server), so that NAT mappings open from both ends.
 */
public final class HolePuncher implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(HolePuncher.class.getName());

  /** Attempts per relayed connection, as the spec asks of the inbound side. */
  public static final int MAX_ATTEMPTS = 3;

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoClock;
  private final Supplier<List<Multiaddr>> ownAddresses;
  private final Map<Connection, Integer> attempts = new ConcurrentHashMap<>();
  private final Set<Connection> running = ConcurrentHashMap.newKeySet();

  /** {@code ownAddresses}: where peers may reach this node (observed first, then listen). */
  public HolePuncher(
      Libp2pHost host,
      ScheduledExecutorService timer,
      LongSupplier nanoClock,
      Supplier<List<Multiaddr>> ownAddresses) {
    this.host = host;
    this.timer = timer;
    this.nanoClock = nanoClock;
    this.ownAddresses = ownAddresses;
  }

  /** Starts punching for new inbound relayed connections and retires relayed ones made direct. */
  public void tick() {
    attempts.keySet().removeIf(c -> !c.isOpen());
    for (Connection c : host.connections()) {
      if (!c.relayed() || !c.isOpen()) {
        continue;
      }
      Connection preferred = host.connection(c.peer());
      if (preferred != null && !preferred.relayed()) {
        LOG.log(Level.DEBUG, "{0} is direct now; closing {1}", c.peer(), c);
        c.abort();
      } else if (!c.outbound() && attempts.getOrDefault(c, 0) < MAX_ATTEMPTS && running.add(c)) {
        attempts.merge(c, 1, Integer::sum);
        initiate(c);
      }
    }
  }

  private HolePunchMessage connectMessage() {
    Set<Multiaddr> mine = new LinkedHashSet<>();
    for (Multiaddr a : ownAddresses.get()) {
      if (!a.isRelayed() && a.value("tcp").isPresent()) {
        mine.add(new Multiaddr(a.withoutPeer().components()));
      }
    }
    return new HolePunchMessage(
        HolePunchMessage.CONNECT,
        mine.stream().limit(HolePunchMessage.MAX_ADDRS).map(Multiaddr::toBytes).toList());
  }

  /** The inbound side: CONNECT, time the answer, SYNC, then dial as server after half the RTT. */
  private void initiate(Connection relayed) {
    long started = nanoClock.getAsLong();
    Reader reader =
        new Reader(
            (stream, m) -> {
              if (m.type() != HolePunchMessage.CONNECT) {
                stream.violation("DCUtR answer is not CONNECT");
                return;
              }
              long rtt = nanoClock.getAsLong() - started;
              stream.write(frame(new HolePunchMessage(HolePunchMessage.SYNC, List.of())));
              stream.closeWrite();
              timer.schedule(
                  () -> dialAll(relayed.peer(), m.addrs(), false, relayed),
                  rtt / 2,
                  TimeUnit.NANOSECONDS);
            },
            () -> running.remove(relayed));
    relayed
        .openStream(List.of(HolePunchMessage.PROTOCOL), (s, p) -> reader)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                running.remove(relayed);
                LOG.log(Level.DEBUG, "no DCUtR with {0}: {1}", relayed.peer(), e.toString());
              } else {
                stream.write(frame(connectMessage()));
              }
            });
  }

  /** The outbound side: answer CONNECT with ours, dial as client on SYNC. */
  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    PeerId peer = stream.remotePeer();
    List<List<byte[]>> theirs = new ArrayList<>(1);
    return new Reader(
        (s, m) -> {
          if (m.type() == HolePunchMessage.CONNECT && theirs.isEmpty()) {
            theirs.add(m.addrs());
            s.write(frame(connectMessage()));
          } else if (m.type() == HolePunchMessage.SYNC && !theirs.isEmpty()) {
            s.closeWrite();
            dialAll(peer, theirs.get(0), true, null);
          } else {
            s.violation("unexpected DCUtR message " + m.type());
          }
        },
        () -> {});
  }

  private void dialAll(PeerId peer, List<byte[]> addrs, boolean client, Connection relayed) {
    for (byte[] bytes : addrs) {
      Multiaddr.tryFromBytes(bytes)
          .filter(a -> !a.isRelayed() && a.value("tcp").isPresent())
          .filter(a -> a.value("ip4").isPresent() || a.value("ip6").isPresent())
          .ifPresent(
              a ->
                  host.punch(a.withoutPeer().with("p2p", peer.value()), client)
                      .whenComplete(
                          (c, e) -> {
                            if (e == null) {
                              LOG.log(Level.DEBUG, "hole punched to {0} at {1}", peer, a);
                            } else {
                              LOG.log(Level.DEBUG, "punch to {0} failed: {1}", a, e.toString());
                            }
                          }));
    }
    if (relayed != null) {
      running.remove(relayed);
    }
  }

  private static byte[] frame(HolePunchMessage m) {
    return LengthPrefixedReader.frame(m.encode());
  }

  /** Reads DCUtR messages and hands each to {@code onMessage}. */
  private static final class Reader implements StreamHandler {
    interface OnMessage {
      void accept(Libp2pStream stream, HolePunchMessage message);
    }

    private final LengthPrefixedReader frames =
        new LengthPrefixedReader(HolePunchMessage.MAX_MESSAGE);
    private final OnMessage onMessage;
    private final Runnable onEnd;

    Reader(OnMessage onMessage, Runnable onEnd) {
      this.onMessage = onMessage;
      this.onEnd = onEnd;
    }

    @Override
    public void onData(Libp2pStream stream, ByteBuf data) {
      for (byte[] f : frames.feed(data)) {
        onMessage.accept(stream, HolePunchMessage.decode(f));
      }
    }

    @Override
    public void onRemoteClose(Libp2pStream stream) {
      frames.release();
      stream.closeWrite();
      onEnd.run();
    }

    @Override
    public void onReset(Libp2pStream stream) {
      frames.release();
      onEnd.run();
    }
  }
}
