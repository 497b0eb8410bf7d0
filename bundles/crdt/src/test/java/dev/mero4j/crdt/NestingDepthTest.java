package dev.mero4j.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nesting is bounded by {@link EntityId#MAX_DEPTH}: deeper collections are refused when written
 * locally, when a peer's delta creates them and when a snapshot holds them, with a clear error
 * instead of a stack overflow in the recursive codec or hasher.
 */
class NestingDepthTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSnapshotNestedFarBeyondTheLimitIsMalformedNotAStackOverflow() {
    BinaryWriter out = new BinaryWriter(1 << 20).version(1).varint(1).varint(0).varint(0);
    out.varint(0).bytes(new byte[0]);
    int depth = 200_000;
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        out.bytes(KEY);
      }
      out.u8(CrdtType.UNORDERED_MAP.tag()).u8(0).varint(1);
    }
    out.bytes(KEY).u8(CrdtType.UNORDERED_MAP.tag()).u8(0).varint(0);
    byte[] snapshot = out.toByteArray();
    Peer peer = new Peer(1, new ManualClock(1_700_000_000_000L));

    assertThatThrownBy(
            () ->
                ContextState.importSnapshot(
                    snapshot, peer.key, new HybridClock(new ManualClock(1_700_000_000_000L))))
        .isInstanceOf(MalformedDeltaException.class)
        .hasMessageContaining("deeper than " + EntityId.MAX_DEPTH);
  }

  @Test
  void nestingAtTheLimitRoundTripsAndOneLevelMoreIsRefusedLocallyAndRemotely() {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    Peer a = new Peer(1, clock);
    Peer b = new Peer(2, clock);
    Delta deep =
        a.commit(
            tx -> {
              MapHandle m = tx.root();
              for (int i = 0; i < EntityId.MAX_DEPTH; i++) {
                m = m.map(KEY);
              }
            });
    b.receive(deep);
    assertThat(b.state.rootHash()).isEqualTo(a.state.rootHash());
    byte[] snapshot = a.state.exportSnapshot();
    assertThat(ContextState.importSnapshot(snapshot, a.key, new HybridClock(clock)).rootHash())
        .isEqualTo(a.state.rootHash());

    EntityId deepest = EntityId.ROOT;
    for (int i = 0; i < EntityId.MAX_DEPTH; i++) {
      deepest = deepest.child(KEY);
    }
    EntityId last = deepest;
    Transaction tx = a.state.begin();
    assertThatThrownBy(() -> tx.map(last).map(KEY))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("at most " + EntityId.MAX_DEPTH);

    Delta tooDeep =
        Delta.sign(
            a.key,
            HybridClock.ofMillis(clock.millis()),
            1_000,
            List.of(deep.id()),
            List.of(new Action.Create(last, KEY, CrdtType.UNORDERED_MAP)));
    assertThatThrownBy(() -> b.state.apply(tooDeep))
        .isInstanceOf(InvalidActionException.class)
        .hasMessageContaining("at most " + EntityId.MAX_DEPTH);
    assertThat(b.state.rootHash()).isEqualTo(a.state.rootHash());
  }
}
