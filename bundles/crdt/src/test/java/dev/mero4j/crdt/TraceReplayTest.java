package dev.mero4j.crdt;

import static dev.mero4j.crdt.RandomWorkload.b;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.testdata.EditingTrace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real editing traces: the sequential one on one replica, the concurrent ones per agent. */
class TraceReplayTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  @Test
  void automergePaperReplayedOnOneRgaGivesExactlyTheEndContent() {
    EditingTrace trace = EditingTrace.load("automerge-paper");
    Peer alice = new Peer(1, clock);
    Delta whole =
        alice.commit(
            tx -> {
              TextHandle text = tx.root().text(b("doc"));
              text.insert(0, trace.startContent());
              trace.txns().forEach(t -> t.applyTo(text::insert, text::delete));
            });
    assertThat(alice.state.read().root().text(b("doc")).read()).isEqualTo(trace.endContent());

    Peer bob = new Peer(2, clock);
    bob.receive(DeltaCodec.decode(DeltaCodec.encode(whole)));
    assertThat(bob.state.read().root().text(b("doc")).read()).isEqualTo(trace.endContent());
    assertThat(bob.state.rootHash()).isEqualTo(alice.state.rootHash());
  }

  @Test
  void friendsforeverReplayedOneReplicaPerAgentConvergesToTheEndContent() {
    replayConcurrent("friendsforever");
  }

  @Test
  void clownschoolReplayedOneReplicaPerAgentConvergesToTheEndContent() {
    replayConcurrent("clownschool");
  }

  private void replayConcurrent(String name) {
    EditingTrace trace = EditingTrace.load(name);
    int n = trace.txns().size();
    List<Peer> peers = new ArrayList<>();
    List<BitSet> seen = new ArrayList<>();
    for (int a = 0; a < trace.agents(); a++) {
      peers.add(new Peer(a + 1, clock));
      seen.add(new BitSet(n));
    }
    Delta[] deltas = new Delta[n];
    Delta genesis = peers.get(0).commit(tx -> tx.root().text(b("doc")));
    peers.forEach(p -> p.receive(genesis));
    for (int i = 0; i < n; i++) {
      EditingTrace.Txn txn = trace.txns().get(i);
      Peer peer = peers.get(txn.agent());
      BitSet agentSeen = seen.get(txn.agent());
      for (int idx : closure(trace, txn.parents(), agentSeen)) {
        peer.receive(deltas[idx]);
      }
      clock.advance(1);
      deltas[i] =
          peer.commit(
              tx -> {
                TextHandle text = tx.root().text(b("doc"));
                txn.applyTo(text::insert, text::delete);
              });
      agentSeen.set(i);
    }
    for (Peer peer : peers) {
      for (Delta d : deltas) {
        if (d != null) {
          peer.receive(d);
        }
      }
      String text = peer.state.read().root().text(b("doc")).read();
      assertThat(text).isEqualTo(trace.endContent());
      assertThat(peer.state.rootHash()).isEqualTo(peers.get(0).state.rootHash());
    }
  }

  /** Unseen ancestors of {@code parents} (inclusive), ascending; marks them seen. */
  private static List<Integer> closure(EditingTrace trace, int[] parents, BitSet seen) {
    BitSet found = new BitSet();
    ArrayList<Integer> stack = new ArrayList<>();
    for (int p : parents) {
      stack.add(p);
    }
    while (!stack.isEmpty()) {
      int t = stack.remove(stack.size() - 1);
      if (seen.get(t) || found.get(t)) {
        continue;
      }
      found.set(t);
      for (int p : trace.txns().get(t).parents()) {
        stack.add(p);
      }
    }
    seen.or(found);
    List<Integer> out = new ArrayList<>();
    found.stream().forEach(out::add);
    return out;
  }
}
