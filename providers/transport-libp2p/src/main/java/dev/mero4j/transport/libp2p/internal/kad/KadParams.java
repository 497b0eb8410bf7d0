package dev.mero4j.transport.libp2p.internal.kad;

import java.time.Duration;

/**
 * The tunable numbers of the DHT; {@link #DEFAULTS} for nodes, shorter intervals for tests.
 *
 * @param k bucket size and replication factor (the spec recommends 20)
 * @param alpha parallel requests of one lookup
 * @param maxQueries requests one lookup may send in total before it settles for what it has
 * @param rpcTimeout how long one request may take
 * @param lookupTimeout how long one lookup may take in total
 * @param refreshInterval how often the table is refreshed (self lookup, one random key per bucket)
 * @param staleAfter an entry not heard from for this long is probed at the next refresh
 * @param providerTtl how long a stored provider record lives
 * @param providerAddressTtl how long a provider's addresses are handed out with its record
 * @param republishInterval how often this node re-announces what it provides
 * @param maxPerGroupPerBucket peers of one IP group (/24 IPv4, /48 IPv6) in one bucket
 * @param maxPerGroupInTable peers of one IP group in the whole table
 */
public record KadParams(
    int k,
    int alpha,
    int maxQueries,
    Duration rpcTimeout,
    Duration lookupTimeout,
    Duration refreshInterval,
    Duration staleAfter,
    Duration providerTtl,
    Duration providerAddressTtl,
    Duration republishInterval,
    int maxPerGroupPerBucket,
    int maxPerGroupInTable) {

  /**
   * What a node runs. Providers live 24 h and are re-announced hourly: Mero4j's rendezvous keys
   * rotate and home peers churn, so a short republish matters more than the spec's 22 h; the
   * diversity limits (2 per group per bucket, 10 per table) follow go-libp2p's peer diversity
   * filter in spirit and make eclipsing a bucket cost addresses in many networks.
   */
  public static final KadParams DEFAULTS =
      new KadParams(
          KadProtocol.K,
          3,
          100,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          Duration.ofHours(24),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          2,
          10);

  public KadParams {
    if (k < 1 || alpha < 1 || maxQueries < 1) {
      throw new IllegalArgumentException("k, alpha and maxQueries must be positive");
    }
  }

  /** These parameters with other timings (tests shorten them). */
  public KadParams withTimings(Duration rpc, Duration lookup, Duration refresh) {
    return new KadParams(
        k,
        alpha,
        maxQueries,
        rpc,
        lookup,
        refresh,
        staleAfter,
        providerTtl,
        providerAddressTtl,
        republishInterval,
        maxPerGroupPerBucket,
        maxPerGroupInTable);
  }
}
