package dev.mero4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Random runs of the real replication and runtime on the simulator, one dynamic test per seed.
 * {@code -Dmero4j.sim.seeds=N} runs seeds 1..N (default {@value #DEFAULT_SEEDS}); {@code
 * -Dmero4j.sim.seed=S} runs only seed S.
 */
class SimulationTest {
  static final int DEFAULT_SEEDS = 200;

  @TestFactory
  Stream<DynamicTest> randomRunsConvergeAfterTheNetworkHeals() {
    String one = System.getProperty("mero4j.sim.seed", "");
    LongStream seeds =
        one.isBlank()
            ? LongStream.rangeClosed(1, Long.getLong("mero4j.sim.seeds", DEFAULT_SEEDS))
            : LongStream.of(Long.parseLong(one.trim()));
    return seeds.mapToObj(
        seed -> DynamicTest.dynamicTest("seed " + seed, () -> Simulation.run(seed)));
  }

  /**
   * The same random runs with an adversarial admin that withholds, backdates and floods at a seeded
   * step: the honest nodes still converge, and ignore what the adversary's removal voids. {@code
   * -Dmero4j.sim.adversarial.seeds=N} runs seeds 1..N (default {@value #DEFAULT_SEEDS}).
   */
  @TestFactory
  Stream<DynamicTest> randomRunsWithAnAdversarialAdminConverge() {
    String one = System.getProperty("mero4j.sim.seed", "");
    LongStream seeds =
        one.isBlank()
            ? LongStream.rangeClosed(1, Long.getLong("mero4j.sim.adversarial.seeds", DEFAULT_SEEDS))
            : LongStream.of(Long.parseLong(one.trim()));
    return seeds.mapToObj(
        seed -> DynamicTest.dynamicTest("seed " + seed, () -> Adversary.runStandard(seed)));
  }

  @Test
  void aSeedReplaysTheSameRun() {
    assertThat(Simulation.run(42)).isEqualTo(Simulation.run(42));
  }
}
