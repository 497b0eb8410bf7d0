package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import java.util.concurrent.CompletableFuture;

/**
 * What the DHT needs from the network: send one request and get its answer, tell a peer's IP group
 * and run timers. libp2p streams implement it in production; a simulated network drives the same
 * DHT logic in tests.
 */
public interface KadNetwork {
  /**
   * Sends {@code request} to {@code to} (dialling its addresses when not connected) and completes
   * with the answer, or with null for messages that get none (ADD_PROVIDER); fails on timeout.
   */
  CompletableFuture<KadMessage> send(KadContact to, KadMessage request);

  /** The IP group of the connection to {@code peer} (see {@link IpGroups}), or null. */
  String ipGroup(PeerId peer);

  /** Lowers the score of a peer that answered with something invalid (a forged record…). */
  default void penalize(PeerId peer, String reason) {}

  /** Runs {@code task} after {@code delayNanos}. */
  void schedule(long delayNanos, Runnable task);
}
