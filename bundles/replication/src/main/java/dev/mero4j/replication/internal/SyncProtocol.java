package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.nio.charset.StandardCharsets;

/**
 * Ids of the replication protocol: the request/response stream and the per-context gossip topic.
 */
public final class SyncProtocol {
  /** Request/response protocol id; the version changes with any incompatible frame change. */
  public static final String ID = "/mero4j/sync/1";

  private static final byte[] TOPIC_DOMAIN = "mero4j/topic/1".getBytes(StandardCharsets.UTF_8);

  private SyncProtocol() {}

  /**
   * The gossip topic of a context: a hash of its id, so topic names do not expose context ids to
   * peers that do not already know them.
   */
  public static String topic(ContextId context) {
    return "/mero4j/ctx/" + Hash.sha256(TOPIC_DOMAIN, context.toBytes()).toHex().substring(0, 40);
  }
}
