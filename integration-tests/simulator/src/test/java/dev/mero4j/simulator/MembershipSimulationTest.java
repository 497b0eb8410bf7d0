package dev.mero4j.simulator;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random runs with the admin changing members' roles during the chaos: every node must reach the
 * same state and the same membership, and no honest envelope may be refused (a write judged
 * differently on two nodes would show as a rejection or a divergence). {@code
 * -Dmero4j.sim.roleSeeds=N} runs seeds 1..N (default {@value #DEFAULT_SEEDS}).
 */
class MembershipSimulationTest {
  static final int DEFAULT_SEEDS = 60;

  /** Seeds of the run with an adversarial admin ({@code -Dmero4j.sim.adversarySeeds=N}). */
  static final int ADVERSARY_SEEDS = 20;

  @TestFactory
  Stream<DynamicTest> aRemovedAdversarysBackdatedOpsAreIgnoredAndTheHonestNodesConverge() {
    return LongStream.rangeClosed(1, Long.getLong("mero4j.sim.adversarySeeds", ADVERSARY_SEEDS))
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> Adversary.run(seed)));
  }

  @TestFactory
  Stream<DynamicTest> roleChangesUnderChaosConverge() {
    return LongStream.rangeClosed(1, Long.getLong("mero4j.sim.roleSeeds", DEFAULT_SEEDS))
        .mapToObj(
            seed ->
                DynamicTest.dynamicTest("seed " + seed, () -> Simulation.runWithRoleChanges(seed)));
  }
}
