package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.api.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns dial-back answers into a reachability verdict: the latest answer of each of the last {@link
 * #MAX_PEERS} peers counts once, and the verdict flips only when {@link #CONFIDENCE} peers agree
 * and outnumber those who disagree; otherwise it stays as it was. Not thread-safe.
 */
final class Verdicts {
  /** Peers that must agree before the verdict flips (the spec suggests more than three). */
  static final int CONFIDENCE = 3;

  /** Answers of at most this many peers are kept, the oldest dropped first. */
  static final int MAX_PEERS = 16;

  private final Map<PeerId, Boolean> answers = new LinkedHashMap<>();
  private Reachability verdict = Reachability.UNKNOWN;

  /** Records that {@code peer} could ({@code true}) or could not dial this node back. */
  Reachability record(PeerId peer, boolean dialled) {
    answers.remove(peer);
    answers.put(peer, dialled);
    if (answers.size() > MAX_PEERS) {
      answers.remove(answers.keySet().iterator().next());
    }
    long reached = answers.values().stream().filter(b -> b).count();
    long failed = answers.size() - reached;
    if (reached >= CONFIDENCE && reached > failed) {
      verdict = Reachability.PUBLIC;
    } else if (failed >= CONFIDENCE && failed > reached) {
      verdict = Reachability.PRIVATE;
    }
    return verdict;
  }

  Reachability verdict() {
    return verdict;
  }
}
