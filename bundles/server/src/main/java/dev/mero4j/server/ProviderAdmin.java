package dev.mero4j.server;

import java.util.List;
import java.util.Optional;

/**
 * Live provider swaps of the node, served under {@code /admin-api/providers}; the node implements
 * it.
 */
public interface ProviderAdmin {
  /** The swappable capabilities with their active and deployed providers. */
  List<Capability> capabilities();

  /**
   * Starts swapping {@code capability} to the provider {@code to}.
   *
   * @throws ProviderNotFoundException if the capability or provider is unknown
   * @throws ProviderConflictException if the provider is already active or another swap runs
   */
  Job swap(String capability, String to);

  /**
   * Starts swapping the transport to the provider {@code to}, listening on {@code listen} (the same
   * provider with other addresses re-opens it there).
   *
   * @throws ProviderRequestException if the node does not take listen addresses or refuses these
   * @throws ProviderNotFoundException if the node runs no transport or {@code to} is not deployed
   * @throws ProviderConflictException if that transport already listens there or another swap runs
   */
  default Job swapTransport(String to, List<String> listen) {
    throw new ProviderRequestException("this node cannot change its listen addresses", null);
  }

  /**
   * The progress or outcome of a swap.
   *
   * @throws ProviderNotFoundException if no job has this id
   */
  Job job(String id);

  /** A capability, its active provider and the providers deployed for it. */
  record Capability(String name, String active, List<String> deployed) {
    public Capability {
      deployed = List.copyOf(deployed);
    }
  }

  /**
   * A swap job.
   *
   * @param phase {@code STARTING}, {@code COMPILING}, {@code COPYING}, {@code CATCHING_UP}, {@code
   *     VERIFYING}, {@code SWITCHING}, {@code DRAINING}, {@code RECONNECTING}, {@code RESYNCING},
   *     {@code DONE}, {@code ROLLED_BACK} or {@code SUPERSEDED}
   * @param done units of the phase done (entries copied or verified, modules compiled, requests
   *     drained, peers reconnected, contexts resynced)
   * @param total units of the phase; 0 when not counted
   * @param pauseMillis the longest time writes were held (verification snapshots or the switch)
   * @param errorType the node's exception type when rolled back
   */
  record Job(
      String id,
      String capability,
      String from,
      String to,
      String phase,
      boolean finished,
      long done,
      long total,
      long pauseMillis,
      long elapsedMillis,
      Optional<String> errorType,
      Optional<String> error) {}
}
