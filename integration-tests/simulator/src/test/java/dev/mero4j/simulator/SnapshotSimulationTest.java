package dev.mero4j.simulator;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random runs where nodes lose their history and far-behind nodes get snapshots: seeds 1..N ({@code
 * -Dmero4j.sim.snapshotSeeds=N}, default {@value #DEFAULT_SEEDS}) must converge.
 */
class SnapshotSimulationTest {
  static final int DEFAULT_SEEDS = 60;

  @TestFactory
  Stream<DynamicTest> runsWithPrunedHistoryConverge() {
    return LongStream.rangeClosed(1, Long.getLong("mero4j.sim.snapshotSeeds", DEFAULT_SEEDS))
        .mapToObj(
            seed ->
                DynamicTest.dynamicTest(
                    "seed " + seed, () -> Simulation.runWithPrunedHistory(seed)));
  }
}
