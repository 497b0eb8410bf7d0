package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Dials a peer's addresses Happy-Eyeballs style: the next address every {@link #STAGGER} (or at
 * once when one fails), at most {@link #MAX_IN_FLIGHT} at a time; the first secured connection wins
 * and connections that arrive later are closed.
 */
public final class DialRace {
  /** Delay before the next address is tried while the earlier ones are still pending. */
  public static final Duration STAGGER = Duration.ofMillis(250);

  /** Dials pending at once for one connect. */
  public static final int MAX_IN_FLIGHT = 4;

  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final List<Multiaddr> addresses;
  private final CompletableFuture<Connection> won = new CompletableFuture<>();
  private int next;
  private int pending;
  private int failed;
  private Throwable lastError;

  private DialRace(Libp2pHost host, ScheduledExecutorService timer, List<Multiaddr> addresses) {
    this.host = host;
    this.timer = timer;
    this.addresses = addresses;
  }

  /**
   * Connects to {@code peer} through the first of {@code addresses} (multiaddrs with or without
   * {@code /p2p/}; unreadable ones are skipped) that answers; completes at once when connected.
   */
  public static CompletionStage<PeerId> connect(
      Libp2pHost host, ScheduledExecutorService timer, PeerId peer, List<String> addresses) {
    if (host.connectedPeers().contains(peer)) {
      return CompletableFuture.completedFuture(peer);
    }
    List<Multiaddr> targets = new ArrayList<>();
    IllegalArgumentException unreadable = null;
    for (String a : addresses) {
      try {
        Multiaddr m = Multiaddr.parse(a);
        targets.add(m.peerId().isPresent() ? m : m.with("p2p", peer.value()));
      } catch (IllegalArgumentException e) {
        unreadable = e;
      }
    }
    if (targets.isEmpty()) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException("no address to dial " + peer, unreadable));
    }
    DialRace race = new DialRace(host, timer, targets);
    race.launch();
    return race.won.thenApply(Connection::peer);
  }

  /** Starts the next dial unless one won, none is left or too many are pending. */
  private void launch() {
    Multiaddr target;
    synchronized (this) {
      if (won.isDone() || next >= addresses.size() || pending >= MAX_IN_FLIGHT) {
        return;
      }
      target = addresses.get(next++);
      pending++;
      if (next < addresses.size()) {
        timer.schedule(this::launch, STAGGER.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    dial(target).whenComplete((c, e) -> finished(c, e));
  }

  /** A direct address gets its own TCP dial (a shared in-flight dial would defeat the race). */
  private CompletableFuture<Connection> dial(Multiaddr target) {
    return target.isRelayed() ? host.dial(target) : host.punch(target, true);
  }

  private void finished(Connection c, Throwable e) {
    boolean allFailed;
    synchronized (this) {
      pending--;
      if (c != null) {
        if (!won.complete(c) && c != won.getNow(null)) {
          c.close();
        }
        return;
      }
      lastError = e;
      failed++;
      allFailed = failed == addresses.size();
    }
    if (allFailed) {
      won.completeExceptionally(new PeerUnreachableException("no address answered", lastError));
    } else {
      launch();
    }
  }
}
