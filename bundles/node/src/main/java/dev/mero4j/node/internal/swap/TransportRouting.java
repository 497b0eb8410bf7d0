package dev.mero4j.node.internal.swap;

import dev.mero4j.transport.api.PeerAddresses;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerRouting;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.api.Transport;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The DHT of whichever transport is active: announcements made through it are remembered and made
 * again on a transport that replaces the one they were made on.
 */
final class TransportRouting implements PeerRouting {
  private final Supplier<Transport> transport;
  private final Set<ByteBuffer> provided = ConcurrentHashMap.newKeySet();

  TransportRouting(Supplier<Transport> transport) {
    this.transport = transport;
  }

  /** Announces every remembered key on the active transport's DHT. */
  void reannounce() {
    Optional<PeerRouting> dht = dht();
    if (dht.isEmpty()) {
      return;
    }
    for (ByteBuffer key : provided) {
      // the DHT keeps the announcement fresh; a failed first round is retried by its refresh
      CompletionStage<Void> unused = dht.get().provide(bytes(key));
    }
  }

  @Override
  public CompletionStage<Void> provide(byte[] key) {
    provided.add(ByteBuffer.wrap(key.clone()));
    return dht().map(d -> d.provide(key)).orElseGet(TransportRouting::swapping);
  }

  @Override
  public void stopProviding(byte[] key) {
    provided.remove(ByteBuffer.wrap(key));
    dht().ifPresent(d -> d.stopProviding(key));
  }

  @Override
  public CompletionStage<List<PeerAddresses>> findProviders(byte[] key, int limit) {
    return dht().map(d -> d.findProviders(key, limit)).orElseGet(TransportRouting::swapping);
  }

  @Override
  public CompletionStage<Optional<PeerAddresses>> findPeer(PeerId peer) {
    return dht().map(d -> d.findPeer(peer)).orElseGet(TransportRouting::swapping);
  }

  @Override
  public int routingTableSize() {
    return dht().map(PeerRouting::routingTableSize).orElse(0);
  }

  private Optional<PeerRouting> dht() {
    Transport t = transport.get();
    return t == null ? Optional.empty() : t.routing();
  }

  private static byte[] bytes(ByteBuffer key) {
    byte[] out = new byte[key.remaining()];
    key.duplicate().get(out);
    return out;
  }

  private static <T> CompletionStage<T> swapping() {
    return CompletableFuture.failedFuture(
        new PeerUnreachableException("the node's transport is being swapped, or runs no DHT"));
  }
}
