package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The sender of gossip the runtime drops as never valid is penalised, and only that sender (issue
 * 16, item 6); the runtime, its log and the transport are in-memory fakes.
 */
class GossipIntakeTest {
  private static final ContextId CTX = ContextId.of(new byte[32]);

  private final List<PeerId> penalised = new CopyOnWriteArrayList<>();
  private final List<Hash> expiring = new ArrayList<>();

  private GossipIntake intake() {
    ReplicaLog log =
        Fakes.fake(
            ReplicaLog.class,
            name ->
                switch (name) {
                  case "prepare" -> (ReplicaLog.PreparedEnvelope) () -> new byte[0];
                  case "applyRemote", "applyPrepared" ->
                      new ReplicaLog.RemoteOutcome(
                          ReplicaLog.RemoteOutcome.Status.PENDING, List.of());
                  case "missingParents" -> List.of();
                  default -> null;
                });
    GovernanceChannel governance =
        Fakes.fake(GovernanceChannel.class, name -> name.equals("expireAwaiting") ? drain() : null);
    ReplicaDirectory replicas =
        Fakes.fake(
            ReplicaDirectory.class,
            name ->
                switch (name) {
                  case "log" -> log;
                  case "governance" -> governance;
                  case "contextIds" -> Set.of(CTX);
                  default -> null;
                });
    Transport transport = Fakes.penaltyRecorder(penalised);
    return new GossipIntake(
        transport, replicas, Clock.systemUTC(), Duration.ofSeconds(5), new Rejections());
  }

  private List<Hash> drain() {
    List<Hash> out = List.copyOf(expiring);
    expiring.clear();
    return out;
  }

  @Test
  void theSenderOfGossipThatNeverBecameValidIsPenalisedOnce() {
    GossipIntake intake = intake();
    PeerId attacker = new PeerId("12D3KooWattacker");
    PeerId honest = new PeerId("12D3KooWhonest");
    byte[] junk = {1, 2, 3};
    byte[] early = {4, 5, 6};
    intake.apply(CTX, junk, attacker, Optional.empty());
    intake.apply(CTX, early, honest, Optional.empty());
    assertThat(penalised).isEmpty();

    expiring.add(Hash.sha256(junk)); // the runtime dropped the junk as too old; early applied
    assertThat(intake.expire(List.of(CTX))).isEqualTo(1);
    assertThat(penalised).containsExactly(attacker);

    expiring.add(Hash.sha256(junk));
    assertThat(intake.expire(List.of(CTX))).isZero();
    assertThat(penalised).containsExactly(attacker);
  }
}
