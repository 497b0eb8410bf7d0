package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.PublishResult;
import dev.mero4j.transport.api.TopicValidator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport's view of gossip with batching: payloads published on a batched topic ({@link
 * PayloadBatch#batched}) go through a {@link PayloadBatcher}, and messages received on one are
 * checked and unpacked into their payloads; every other topic goes straight to the router.
 */
public final class BatchedTopics implements AutoCloseable {
  private final GossipRouter router;
  private final PayloadBatcher batcher;
  private final Map<String, TopicValidator> validators = new ConcurrentHashMap<>();

  public BatchedTopics(GossipRouter router) {
    this.router = router;
    this.batcher = PayloadBatcher.start(router::publish, "mero4j-gossip-batches");
  }

  /**
   * Publishes {@code payload}. On a batched topic it is queued and the result counts the peers on
   * the topic now ({@code queued} when there are none: the router keeps the batch for the first).
   */
  public PublishResult publish(String topic, byte[] payload) {
    if (!PayloadBatch.batched(topic)) {
      return router.publish(topic, payload);
    }
    batcher.submit(topic, payload);
    int peers = router.topicPeers(topic).size();
    return new PublishResult(peers, peers == 0);
  }

  /**
   * The handler to subscribe with: on a batched topic it receives each payload as its own message,
   * and the router refuses (and penalises) a message that is not a well-formed batch.
   */
  public MessageHandler handler(String topic, MessageHandler handler) {
    if (!PayloadBatch.batched(topic)) {
      return handler;
    }
    router.validator(topic, PayloadBatch.validating(() -> validators.get(topic)));
    return PayloadBatch.unpacking(handler, () -> validators.get(topic));
  }

  /** Installs the application's validator; on a batched topic it judges each payload. */
  public void validator(String topic, TopicValidator validator) {
    if (!PayloadBatch.batched(topic)) {
      router.validator(topic, validator);
      return;
    }
    validators.put(topic, validator);
    router.validator(topic, PayloadBatch.validating(() -> validators.get(topic)));
  }

  /** Messages the batcher has handed to the router (each one signature). */
  public long batchesSent() {
    return batcher.batchesSent();
  }

  @Override
  public void close() {
    batcher.close();
  }
}
