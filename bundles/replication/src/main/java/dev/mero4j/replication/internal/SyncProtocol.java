package dev.mero4j.replication.internal;

import dev.mero4j.primitives.Hash;
import java.nio.charset.StandardCharsets;

/**
 * Ids of the replication protocol: the request/response stream and the per-context gossip topic.
 */
public final class SyncProtocol {
  /** Request/response protocol id; the version changes with any incompatible frame change. */
  public static final String ID = "/mero4j/sync/1";

  private static final byte[] TOPIC_DOMAIN = "mero4j/topic/2".getBytes(StandardCharsets.UTF_8);

  private SyncProtocol() {}

  /**
   * The gossip topic of a context, derived from its rendezvous secret: only members can compute it,
   * so a topic name neither reveals nor confirms a context id.
   */
  public static String topic(byte[] secret) {
    return "/mero4j/ctx/" + Hash.hmacSha256(secret, TOPIC_DOMAIN).toHex().substring(0, 40);
  }
}
