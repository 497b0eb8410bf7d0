package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.conn.Connection;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.stream.Libp2pStream;
import dev.mero4j.transport.libp2p.internal.util.LengthPrefixedReader;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Asks directly connected peers that serve AutoNAT to dial this node back, a few at a time, each
 * peer again only after {@link #REASK_AFTER} (or when this node's addresses change), and turns
 * their answers into the reachability verdict ({@link Verdicts}).
 */
public final class AutoNatClient {
  private static final System.Logger LOG = System.getLogger(AutoNatClient.class.getName());

  /** Peers asked at once. */
  public static final int MAX_IN_FLIGHT = 3;

  /** A peer that answered is asked again after this. */
  public static final Duration REASK_AFTER = Duration.ofMinutes(15);

  /** A request without an answer by then counts as no answer. */
  public static final Duration RESPONSE_TIMEOUT =
      AutoNatServer.DIAL_TIMEOUT.plus(Duration.ofSeconds(5));

  /** The first probing round ends at the latest this long after start. */
  public static final Duration FIRST_ROUND_LIMIT = Duration.ofSeconds(10);

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoClock;
  private final Supplier<List<Multiaddr>> listen;
  private final Supplier<List<Multiaddr>> observed;
  private final Function<PeerId, List<String>> protocolsOf;
  private final Consumer<Reachability> publish;
  private final long started;
  private final Verdicts verdicts = new Verdicts();
  private final Map<PeerId, Long> asked = new HashMap<>();
  private final Set<PeerId> inFlight = new HashSet<>();
  private Set<Multiaddr> lastAddresses = Set.of();
  private boolean answered;
  private volatile boolean firstRoundDone;

  /**
   * @param listen this node's listen addresses, sent first; a change starts a new round
   * @param observed the addresses peers saw this node at, newest first, sent after them
   * @param protocolsOf the protocols a peer announced (identify), to find AutoNAT servers
   * @param publish receives each new verdict
   */
  public AutoNatClient(
      Libp2pHost host,
      ScheduledExecutorService timer,
      LongSupplier nanoClock,
      Supplier<List<Multiaddr>> listen,
      Supplier<List<Multiaddr>> observed,
      Function<PeerId, List<String>> protocolsOf,
      Consumer<Reachability> publish) {
    this.host = host;
    this.timer = timer;
    this.nanoClock = nanoClock;
    this.listen = listen;
    this.observed = observed;
    this.protocolsOf = protocolsOf;
    this.publish = publish;
    this.started = nanoClock.getAsLong();
  }

  /**
   * True once the first round of probes is over: the peers asked have answered (or failed) and no
   * other can be asked, or {@link #FIRST_ROUND_LIMIT} passed.
   */
  public boolean firstRoundDone() {
    return firstRoundDone;
  }

  /** Asks more peers when fewer than {@link #MAX_IN_FLIGHT} are being asked. */
  public void tick() {
    long now = nanoClock.getAsLong();
    List<Multiaddr> own = listen.get();
    List<Multiaddr> mine = addresses(own, observed.get());
    List<Connection> toAsk = new ArrayList<>();
    synchronized (this) {
      if (!Set.copyOf(own).equals(lastAddresses)) {
        lastAddresses = Set.copyOf(own);
        asked.clear();
      }
      asked.values().removeIf(t -> now - t >= REASK_AFTER.toNanos());
      boolean identified = false;
      for (Connection c : mine.isEmpty() ? List.<Connection>of() : host.connections()) {
        PeerId p = c.peer();
        List<String> protocols = c.relayed() ? List.of() : protocolsOf.apply(p);
        identified |= !protocols.isEmpty();
        if (inFlight.size() < MAX_IN_FLIGHT
            && protocols.contains(AutoNatMessage.PROTOCOL)
            && !asked.containsKey(p)
            && inFlight.add(p)) {
          asked.put(p, now);
          toAsk.add(c);
        }
      }
      boolean idle = inFlight.isEmpty() && (answered || identified || mine.isEmpty());
      if (idle || now - started >= FIRST_ROUND_LIMIT.toNanos()) {
        firstRoundDone = true;
      }
    }
    byte[] request = request(mine);
    toAsk.forEach(c -> ask(c, request));
  }

  /** Plain TCP addresses, listen ones first, without repeats, at most {@code MAX_ADDRS}. */
  private static List<Multiaddr> addresses(List<Multiaddr> own, List<Multiaddr> seen) {
    Set<Multiaddr> all = new LinkedHashSet<>();
    for (Multiaddr a : concat(own, seen)) {
      Multiaddr plain = a.withoutPeer();
      if (!a.isRelayed() && plain.components().size() == 2 && plain.value("tcp").isPresent()) {
        all.add(plain);
      }
    }
    return all.stream().limit(AutoNatMessage.MAX_ADDRS).toList();
  }

  private static List<Multiaddr> concat(List<Multiaddr> a, List<Multiaddr> b) {
    List<Multiaddr> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private byte[] request(List<Multiaddr> mine) {
    List<byte[]> addrs = mine.stream().map(Multiaddr::toBytes).toList();
    return LengthPrefixedReader.frame(
        AutoNatMessage.dial(PeerIds.toBytes(host.self()), addrs).encode());
  }

  private void ask(Connection c, byte[] request) {
    PeerId peer = c.peer();
    OneMessage reader =
        new OneMessage(
            new OneMessage.Receiver() {
              @Override
              public void onMessage(Libp2pStream stream, byte[] message) {
                stream.closeWrite();
                answer(peer, message);
              }

              @Override
              public void onFailure(Libp2pStream stream, String reason, boolean oversized) {
                stream.reset();
                finished(peer, null, reason);
              }
            });
    c.openStream(List.of(AutoNatMessage.PROTOCOL), (s, p) -> reader)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                reader.end();
                finished(peer, null, e.toString());
                return;
              }
              stream.write(request);
              stream.closeWrite();
              timer.schedule(
                  () -> {
                    if (reader.end()) {
                      stream.reset();
                      finished(peer, null, "no answer in " + RESPONSE_TIMEOUT);
                    }
                  },
                  RESPONSE_TIMEOUT.toMillis(),
                  TimeUnit.MILLISECONDS);
            });
  }

  private void answer(PeerId peer, byte[] message) {
    try {
      AutoNatMessage m = AutoNatMessage.decode(message);
      if (m.type() != AutoNatMessage.DIAL_RESPONSE || m.response() == null) {
        finished(peer, null, "not a DIAL_RESPONSE");
        return;
      }
      finished(peer, m.response(), m.response().text());
    } catch (RuntimeException e) {
      finished(peer, null, e.toString());
    }
  }

  private void finished(PeerId peer, AutoNatMessage.Response response, String reason) {
    Reachability before;
    Reachability after;
    synchronized (this) {
      inFlight.remove(peer);
      answered = true;
      before = verdicts.verdict();
      int status = response == null ? -1 : response.status();
      LOG.log(Level.DEBUG, "AutoNAT answer from {0}: {1} {2}", peer, status, reason);
      if (status == AutoNatMessage.OK) {
        verdicts.record(peer, true);
      } else if (status == AutoNatMessage.E_DIAL_ERROR) {
        verdicts.record(peer, false);
      }
      after = verdicts.verdict();
    }
    if (after != before) {
      LOG.log(Level.INFO, "reachability {0} (AutoNAT)", after);
      publish.accept(after);
    }
  }
}
