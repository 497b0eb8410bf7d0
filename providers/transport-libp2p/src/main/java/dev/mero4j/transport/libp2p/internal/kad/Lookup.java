package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One iterative Kademlia lookup: asks up to alpha of the closest not yet asked candidates at once,
 * adds the closer peers they name, and ends when the k closest candidates that did not fail have
 * all answered, when a step says it has what it wanted, when no candidate is left, or when the
 * query budget or the deadline is spent.
 */
final class Lookup {
  /** The request a lookup sends and what it does with each answer. */
  interface Step {
    KadMessage request();

    /** Handles one answer; returns true when the lookup may stop early. */
    boolean onAnswer(KadContact from, KadMessage answer);

    /** A peer failed to answer in time. */
    default void onFailure(KadContact peer) {}
  }

  /**
   * How a lookup ended.
   *
   * @param closest the peers nearest the target that answered, nearest first (at most k)
   * @param queries requests sent
   * @param hops the hop at which the nearest answering peer was learned (seeds are hop 1)
   */
  record Result(List<KadContact> closest, int queries, int hops) {}

  private enum State {
    NEW,
    ASKED,
    ANSWERED,
    FAILED
  }

  private static final class Candidate {
    final KadContact contact;
    final int hop;
    State state = State.NEW;

    Candidate(KadContact contact, int hop) {
      this.contact = contact;
      this.hop = hop;
    }
  }

  private final KadNetwork network;
  private final byte[] selfRaw;
  private final KadParams params;
  private final Step step;
  private final TreeMap<KadKey, Candidate> candidates;
  private final Set<ByteBuffer> seen = new HashSet<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private int inFlight;
  private int queries;
  private boolean stop;

  private Lookup(KadNetwork network, PeerId self, KadParams params, KadKey target, Step step) {
    this.network = network;
    this.selfRaw = dev.mero4j.transport.libp2p.internal.util.PeerIds.toBytes(self);
    this.params = params;
    this.step = step;
    this.candidates = new TreeMap<>(target.byDistance());
  }

  /** Starts a lookup of {@code target} from {@code seeds}. */
  static CompletableFuture<Result> run(
      KadNetwork network,
      PeerId self,
      KadParams params,
      KadKey target,
      List<KadContact> seeds,
      Step step) {
    Lookup l = new Lookup(network, self, params, target, step);
    synchronized (l) {
      seeds.forEach(s -> l.offer(s, 1));
    }
    network.schedule(params.lookupTimeout().toNanos(), l::expire);
    l.advance();
    return l.result;
  }

  private void offer(KadContact c, int hop) {
    if (!java.util.Arrays.equals(c.rawId(), selfRaw) && seen.add(ByteBuffer.wrap(c.rawId()))) {
      candidates.putIfAbsent(c.key(), new Candidate(c, hop));
    }
  }

  /** Offers a peer named in an answer; known ones are skipped before any hashing. */
  private void offer(KadMessage.Peer p, int hop) {
    if (!seen.contains(ByteBuffer.wrap(p.id()))) {
      offer(KadContact.of(p.id(), p.addrs()), hop);
    }
  }

  private synchronized void expire() {
    stop = true;
    finishIfDone();
  }

  private void advance() {
    List<Candidate> toAsk = new ArrayList<>();
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      int live = 0;
      boolean allAnswered = true;
      for (Candidate c : candidates.values()) {
        if (c.state == State.FAILED) {
          continue;
        }
        if (live++ >= params.k()) {
          break;
        }
        if (c.state != State.ANSWERED) {
          allAnswered = false;
        }
        if (c.state == State.NEW
            && !stop
            && inFlight < params.alpha()
            && queries < params.maxQueries()) {
          c.state = State.ASKED;
          inFlight++;
          queries++;
          toAsk.add(c);
        }
      }
      if (allAnswered) {
        stop = true;
      }
      if (toAsk.isEmpty() && finishIfDone()) {
        return;
      }
    }
    toAsk.forEach(this::ask);
  }

  /** Completes the lookup when nothing is in flight and nothing more may be asked. */
  private boolean finishIfDone() {
    if (result.isDone() || inFlight > 0) {
      return result.isDone();
    }
    boolean canAsk =
        !stop
            && queries < params.maxQueries()
            && candidates.values().stream().anyMatch(c -> c.state == State.NEW);
    if (canAsk) {
      return false;
    }
    List<KadContact> closest = new ArrayList<>();
    int hops = 0;
    for (Candidate c : candidates.values()) {
      if (c.state == State.ANSWERED && closest.size() < params.k()) {
        if (closest.isEmpty()) {
          hops = c.hop;
        }
        closest.add(c.contact);
      }
    }
    result.complete(new Result(List.copyOf(closest), queries, hops));
    return true;
  }

  private void ask(Candidate c) {
    CompletableFuture<KadMessage> sent;
    try {
      sent = network.send(c.contact, step.request());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((answer, error) -> answered(c, answer, error));
  }

  private void answered(Candidate c, KadMessage answer, Throwable error) {
    boolean enough = false;
    if (error != null || answer == null) {
      step.onFailure(c.contact);
    } else {
      enough = step.onAnswer(c.contact, answer);
    }
    synchronized (this) {
      inFlight--;
      if (error != null || answer == null) {
        c.state = State.FAILED;
      } else {
        c.state = State.ANSWERED;
        for (KadMessage.Peer p : answer.closerPeers()) {
          offer(p, c.hop + 1);
        }
      }
      if (enough) {
        stop = true;
      }
    }
    advance();
  }
}
