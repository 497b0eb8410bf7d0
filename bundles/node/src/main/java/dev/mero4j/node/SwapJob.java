package dev.mero4j.node;

import java.util.Optional;

/**
 * The state of one provider swap, as reported while it runs and after.
 *
 * @param id the job id
 * @param capability {@code storage}, {@code wasm} or {@code transport}
 * @param from the provider active when the job started
 * @param to the provider asked for
 * @param phase where the job is
 * @param done entries copied (storage), modules compiled (wasm), or requests drained, peers
 *     reconnected and contexts resynced (transport) so far
 * @param total entries or modules to handle; 0 until known
 * @param pauseMillis the longest time writes were held back (taking the verification snapshots, or
 *     the switch); for the transport, which never holds writes, the time the node had no transport
 * @param elapsedMillis time since the job started, or its duration once finished
 * @param errorType the simple name of the {@link SwapException} type when the job failed
 * @param error the operator-facing reason when the job failed or was superseded
 */
public record SwapJob(
    String id,
    String capability,
    String from,
    String to,
    Phase phase,
    long done,
    long total,
    long pauseMillis,
    long elapsedMillis,
    Optional<String> errorType,
    Optional<String> error) {

  /** The steps of a swap; {@link #DONE}, {@link #ROLLED_BACK} and {@link #SUPERSEDED} are final. */
  public enum Phase {
    STARTING,
    COMPILING,
    COPYING,
    CATCHING_UP,
    VERIFYING,
    SWITCHING,
    /** Transport: new requests refused, gossip held, running requests allowed to finish. */
    DRAINING,
    /** Transport: dialling the bootstrap list and the peers that were connected. */
    RECONNECTING,
    /** Transport: every context synced with the reconnected peers. */
    RESYNCING,
    DONE,
    ROLLED_BACK,
    /**
     * Transport: the job switched to a provider instance that went away before the job finished
     * (its bundle was updated or refreshed again, as {@code Bundle.update()} followed by a refresh
     * does); nothing is rolled back, and the job for the newer instance takes over.
     */
    SUPERSEDED;

    public boolean finished() {
      return this == DONE || this == ROLLED_BACK || this == SUPERSEDED;
    }
  }
}
