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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * DCUtR: upgrades relayed connections to direct ones. The inbound side of a relayed connection
 * sends CONNECT with its observed addresses and times the answer; the outbound side answers with
 * its own; after SYNC both dial at once from their listen port (the outbound side at once as
 * client, the inbound side half a round trip later as server), so that NAT mappings open from both
 * ends and the SYNs meet in a TCP simultaneous open.
 */
public final class HolePuncher implements StreamProtocolHandler {
  private static final System.Logger LOG = System.getLogger(HolePuncher.class.getName());

  /** Attempts per relayed connection, as the spec asks of the inbound side. */
  public static final int MAX_ATTEMPTS = 3;

  /** An attempt whose CONNECT is not answered in this time is abandoned (stream reset). */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoClock;
  private final Supplier<List<Multiaddr>> observed;
  private final Supplier<List<Multiaddr>> listen;
  private final Map<Connection, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<Connection, Integer> answered = new ConcurrentHashMap<>();
  private final Set<Connection> running = ConcurrentHashMap.newKeySet();

  /**
   * {@code observed}: where peers saw this node (identify); {@code listen}: its listen addresses.
   */
  public HolePuncher(
      Libp2pHost host,
      ScheduledExecutorService timer,
      LongSupplier nanoClock,
      Supplier<List<Multiaddr>> observed,
      Supplier<List<Multiaddr>> listen) {
    this.host = host;
    this.timer = timer;
    this.nanoClock = nanoClock;
    this.observed = observed;
    this.listen = listen;
  }

  /** Starts punching for new inbound relayed connections and retires relayed ones made direct. */
  public void tick() {
    attempts.keySet().removeIf(c -> !c.isOpen());
    answered.keySet().removeIf(c -> !c.isOpen());
    for (Connection c : host.connections()) {
      if (!c.relayed() || !c.isOpen()) {
        continue;
      }
      Connection preferred = host.connection(c.peer());
      if (preferred != null && !preferred.relayed()) {
        LOG.log(Level.DEBUG, "{0} is direct now; closing {1}", c.peer(), c);
        c.abort();
      } else if (!c.outbound() && attempts.getOrDefault(c, 0) < MAX_ATTEMPTS) {
        List<Multiaddr> mine = addressesFor(c.remoteAddress());
        // Without an observed address there is nothing the peer could dial: wait for identify.
        if (!mine.isEmpty() && running.add(c)) {
          int attempt = attempts.merge(c, 1, Integer::sum);
          LOG.log(Level.DEBUG, "DCUtR attempt {0} with {1}, offering {2}", attempt, c.peer(), mine);
          initiate(c, mine);
        }
      }
    }
  }

  private List<Multiaddr> addressesFor(Multiaddr circuit) {
    return PunchAddresses.advertised(
        observed.get(), listen.get(), PunchAddresses.viaLoopback(circuit));
  }

  private static HolePunchMessage connect(List<Multiaddr> addresses) {
    return new HolePunchMessage(
        HolePunchMessage.CONNECT, addresses.stream().map(Multiaddr::toBytes).toList());
  }

  /** The inbound side: CONNECT, time the answer, SYNC, then dial as server after half the RTT. */
  private void initiate(Connection relayed, List<Multiaddr> mine) {
    AtomicBoolean dialing = new AtomicBoolean();
    Runnable end =
        () -> {
          if (!dialing.get()) {
            running.remove(relayed);
          }
        };
    long[] started = new long[1];
    Reader reader =
        new Reader(
            (stream, m) -> {
              if (m.type() != HolePunchMessage.CONNECT || !dialing.compareAndSet(false, true)) {
                stream.violation("DCUtR answer is not one CONNECT");
                return;
              }
              long rtt = nanoClock.getAsLong() - started[0];
              stream.write(frame(new HolePunchMessage(HolePunchMessage.SYNC, List.of())));
              stream.closeWrite();
              boolean loop = PunchAddresses.viaLoopback(relayed.remoteAddress());
              List<Multiaddr> theirs = PunchAddresses.toDial(decoded(m), loop);
              timer.schedule(
                  () ->
                      dialAll(relayed.peer(), theirs, false)
                          .whenComplete((ok, e) -> running.remove(relayed)),
                  rtt / 2,
                  TimeUnit.NANOSECONDS);
            },
            end);
    relayed
        .openStream(List.of(HolePunchMessage.PROTOCOL), (s, p) -> reader)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                running.remove(relayed);
                LOG.log(Level.DEBUG, "no DCUtR with {0}: {1}", relayed.peer(), e.toString());
                return;
              }
              started[0] = nanoClock.getAsLong();
              stream.write(frame(connect(mine)));
              timer.schedule(
                  () -> {
                    if (!dialing.get()) {
                      stream.reset();
                      end.run();
                    }
                  },
                  ANSWER_TIMEOUT.toMillis(),
                  TimeUnit.MILLISECONDS);
            });
  }

  /**
   * The outbound side: answer CONNECT with ours, dial as client on SYNC. Only on a stream of a
   * relayed connection (there is nothing to upgrade otherwise, and a peer must not make this node
   * dial at will), and at most {@link #MAX_ATTEMPTS} times per relayed connection: further streams
   * are reset unanswered.
   */
  @Override
  public StreamHandler accept(Libp2pStream stream, String protocol) {
    PeerId peer = stream.remotePeer();
    Optional<Connection> relayed = relayedCarrying(stream);
    if (relayed.isEmpty() || answered.merge(relayed.get(), 1, Integer::sum) > MAX_ATTEMPTS) {
      LOG.log(Level.DEBUG, "refusing DCUtR from {0}: not relayed or out of attempts", peer);
      stream.reset();
      return (s, data) -> {};
    }
    boolean loop = PunchAddresses.viaLoopback(relayed.get().remoteAddress());
    List<List<Multiaddr>> theirs = new ArrayList<>(1);
    return new Reader(
        (s, m) -> {
          if (m.type() == HolePunchMessage.CONNECT && theirs.isEmpty()) {
            theirs.add(PunchAddresses.toDial(decoded(m), loop));
            s.write(frame(connect(PunchAddresses.advertised(observed.get(), listen.get(), loop))));
          } else if (m.type() == HolePunchMessage.SYNC && theirs.size() == 1) {
            theirs.add(List.of());
            s.closeWrite();
            dialAll(peer, theirs.get(0), true);
          } else {
            s.violation("unexpected DCUtR message " + m.type());
          }
        },
        () -> {});
  }

  /** The stream's own connection if it is relayed and open: a direct one has nothing to upgrade. */
  private Optional<Connection> relayedCarrying(Libp2pStream stream) {
    return host.connections().stream()
        .filter(c -> c.carries(stream) && c.relayed() && c.isOpen())
        .findFirst();
  }

  private static List<Multiaddr> decoded(HolePunchMessage m) {
    List<Multiaddr> out = new ArrayList<>();
    for (byte[] bytes : m.addrs()) {
      Multiaddr.tryFromBytes(bytes).ifPresent(out::add);
    }
    return out;
  }

  /** Dials every address at once; completes when all dials ended, true if one connected. */
  private CompletableFuture<Boolean> dialAll(PeerId peer, List<Multiaddr> addrs, boolean client) {
    LOG.log(
        Level.DEBUG, "punching to {0} at {1} as {2}", peer, addrs, client ? "client" : "server");
    List<CompletableFuture<Boolean>> dials = new ArrayList<>();
    for (Multiaddr a : addrs) {
      dials.add(
          host.punch(a.with("p2p", peer.value()), client)
              .handle(
                  (c, e) -> {
                    if (e == null) {
                      LOG.log(Level.DEBUG, "hole punched to {0} at {1}", peer, a);
                      return true;
                    }
                    LOG.log(Level.DEBUG, "punch to {0} failed: {1}", a, e.toString());
                    return false;
                  }));
    }
    return CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
        .thenApply(v -> dials.stream().anyMatch(CompletableFuture::join));
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
