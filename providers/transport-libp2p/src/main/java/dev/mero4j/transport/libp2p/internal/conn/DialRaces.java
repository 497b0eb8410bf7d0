package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Connects to peers by {@link DialRace racing} their addresses: never to this node itself, and one
 * race per peer at a time (a connect while one is running joins it, whatever addresses it names).
 */
public final class DialRaces {
  private final Libp2pHost host;
  private final ScheduledExecutorService timer;
  private final Map<PeerId, CompletableFuture<PeerId>> racing = new ConcurrentHashMap<>();

  public DialRaces(Libp2pHost host, ScheduledExecutorService timer) {
    this.host = host;
    this.timer = timer;
  }

  /** Connects to {@code peer} through the first of {@code addresses} that answers. */
  public CompletionStage<PeerId> connect(PeerId peer, List<String> addresses) {
    if (peer.equals(host.self())) {
      return CompletableFuture.failedFuture(new PeerUnreachableException("refusing to dial self"));
    }
    CompletableFuture<PeerId> mine = new CompletableFuture<>();
    CompletableFuture<PeerId> running = racing.putIfAbsent(peer, mine);
    if (running != null) {
      return running;
    }
    DialRace.connect(host, timer, peer, addresses)
        .whenComplete(
            (reached, error) -> {
              racing.remove(peer, mine);
              if (error != null) {
                mine.completeExceptionally(error);
              } else {
                mine.complete(reached);
              }
            });
    return mine;
  }

  /** Races running now (for tests and status). */
  public int running() {
    return racing.size();
  }
}
