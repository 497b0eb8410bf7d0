package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.DeltasSince;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The walk on small hand-built DAGs, with seqs and parents as a runtime would supply them. */
class SinceHeadsWalkTest {
  private final Map<DeltaId, Long> seqs = new HashMap<>();
  private final Map<DeltaId, List<DeltaId>> parents = new HashMap<>();
  private final Set<DeltaId> pruned = new HashSet<>();

  //   g ─ a1 ─ a2 ─ a3 ─┐
  //    └─ b1 ─ b2 ──────┴─ m ─ c1
  private final DeltaId g = add("g", 1);
  private final DeltaId a1 = add("a1", 2, g);
  private final DeltaId b1 = add("b1", 3, g);
  private final DeltaId a2 = add("a2", 4, a1);
  private final DeltaId b2 = add("b2", 5, b1);
  private final DeltaId a3 = add("a3", 6, a2);
  private final DeltaId m = add("m", 7, a3, b2);
  private final DeltaId c1 = add("c1", 8, m);

  @Test
  void aPeerOnOneBranchIsSentTheOtherBranchAndWhatFollowsInCausalOrder() {
    assertThat(walk(List.of(a2), 100).ids()).containsExactly(b1, b2, a3, m, c1);
    assertThat(walk(List.of(b2), 100).ids()).containsExactly(a1, a2, a3, m, c1);
  }

  @Test
  void aPeerAtOurHeadsIsSentNothingAndANewPeerEverything() {
    assertThat(walk(List.of(c1), 100).ids()).isEmpty();
    assertThat(walk(List.of(), 100).ids()).containsExactly(g, a1, b1, a2, b2, a3, m, c1);
  }

  @Test
  void idsWeDoNotKnowAreIgnoredAndRecentIdsNarrowTheAnswer() {
    DeltaId theirOwn = id("theirs");
    assertThat(walk(List.of(theirOwn, a3, b2), 100).ids()).containsExactly(m, c1);
  }

  @Test
  void aMissingDeltaWhoseEnvelopeWasPrunedAsksForASnapshot() {
    pruned.add(b1);
    assertThat(walk(List.of(a3), 100).outcome()).isEqualTo(DeltasSince.Outcome.PRUNED);
    assertThat(walk(List.of(m), 100).outcome()).isEqualTo(DeltasSince.Outcome.DELTAS);
  }

  @Test
  void moreMissingThanTheBoundIsTooFarWithOrWithoutWalking() {
    assertThat(walk(List.of(g), 3).outcome()).isEqualTo(DeltasSince.Outcome.TOO_FAR);
    assertThat(walk(List.of(a3), 2).outcome()).isEqualTo(DeltasSince.Outcome.TOO_FAR);
    assertThat(walk(List.of(a3), 4).ids()).containsExactly(b1, b2, m, c1);
  }

  private DeltasSince walk(List<DeltaId> theirs, int max) {
    return new SinceHeadsWalk(
            id -> Optional.ofNullable(seqs.get(id)),
            id -> pruned.contains(id) ? Optional.empty() : Optional.ofNullable(parents.get(id)))
        .walk(List.of(c1), theirs, max, 8);
  }

  private DeltaId add(String name, long seq, DeltaId... ps) {
    DeltaId id = id(name);
    seqs.put(id, seq);
    parents.put(id, List.of(ps));
    return id;
  }

  private static DeltaId id(String name) {
    return DeltaId.of(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }
}
