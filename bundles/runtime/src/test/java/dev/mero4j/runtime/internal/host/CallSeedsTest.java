package dev.mero4j.runtime.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSeedsTest {
  private static final ContextId CONTEXT = ContextId.of(Hash.sha256(new byte[] {1}).toBytes());
  private static final List<DeltaId> HEADS =
      List.of(DeltaId.of(Hash.sha256(new byte[] {2}).toBytes()));
  private static final byte[] ARGS = "{}".getBytes();

  private static KeyPair member(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  @Test
  void theSameMemberReplayingTheSameCallsGetsTheSameSeeds() {
    CallSeeds first = new CallSeeds(CONTEXT, member(1));
    CallSeeds replay = new CallSeeds(CONTEXT, member(1));
    for (int i = 0; i < 3; i++) {
      assertThat(replay.next(member(1).publicKey(), HEADS, 7, "m", ARGS))
          .isEqualTo(first.next(member(1).publicKey(), HEADS, 7, "m", ARGS));
    }
  }

  @Test
  void everyPartOfTheCallChangesTheSeed() {
    byte[] base =
        new CallSeeds(CONTEXT, member(1)).next(member(1).publicKey(), HEADS, 7, "m", ARGS);
    assertThat(new CallSeeds(CONTEXT, member(2)).next(member(1).publicKey(), HEADS, 7, "m", ARGS))
        .as("another member's secret")
        .isNotEqualTo(base);
    assertThat(new CallSeeds(CONTEXT, member(1)).next(member(2).publicKey(), HEADS, 7, "m", ARGS))
        .as("another executor")
        .isNotEqualTo(base);
    assertThat(
            new CallSeeds(CONTEXT, member(1)).next(member(1).publicKey(), List.of(), 7, "m", ARGS))
        .as("other heads")
        .isNotEqualTo(base);
    assertThat(new CallSeeds(CONTEXT, member(1)).next(member(1).publicKey(), HEADS, 8, "m", ARGS))
        .as("another time")
        .isNotEqualTo(base);
    assertThat(new CallSeeds(CONTEXT, member(1)).next(member(1).publicKey(), HEADS, 7, "n", ARGS))
        .as("another method")
        .isNotEqualTo(base);
    CallSeeds seeds = new CallSeeds(CONTEXT, member(1));
    seeds.next(member(1).publicKey(), HEADS, 7, "m", ARGS);
    assertThat(seeds.next(member(1).publicKey(), HEADS, 7, "m", ARGS))
        .as("the next call in sequence")
        .isNotEqualTo(base);
  }
}
