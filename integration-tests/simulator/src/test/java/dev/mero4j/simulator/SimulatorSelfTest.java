package dev.mero4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.replication.ReplicationConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator's checks can fail: a broken setup is caught, with the seed and the repro line. */
class SimulatorSelfTest {
  @Test
  void withoutAntiEntropyAPartitionedWriteIsReportedAsDiverged() {
    ReplicationConfig gossipOnly =
        new ReplicationConfig(
            Duration.ofDays(1), Duration.ofDays(1), Duration.ofSeconds(5), 200, 200);
    try (Simulation sim = new Simulation(7, gossipOnly)) {
      sim.start(3);
      sim.network.partition(
          List.of(Set.of(sim.nodes.get(0).id, sim.nodes.get(1).id), Set.of(sim.nodes.get(2).id)));
      sim.nodes.get(0).call(sim.ctx, "bump", "{\"by\":1}");
      sim.world.runFor(Duration.ofSeconds(1));
      assertThatThrownBy(sim::healAndConverge)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("seed 7")
          .hasMessageContaining("-Dmero4j.sim.seed=7");
    }
  }

  @Test
  void theSameSeedOnTheSameScheduleGivesTheSameNetworkFaults() {
    try (Simulation a = new Simulation(3);
        Simulation b = new Simulation(3)) {
      a.start(4).chaos(30);
      b.start(4).chaos(30);
      assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }
  }
}
