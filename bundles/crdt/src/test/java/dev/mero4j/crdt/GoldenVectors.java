package dev.mero4j.crdt;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The deltas pinned in docs/wire-format.md: fixed key, stamp and actions. */
final class GoldenVectors {
  static final KeyPair AUTHOR = KeyPair.fromSeed(new byte[32]);
  static final long HLC = HybridClock.ofMillis(1_700_000_000_000L) + 1;
  static final EntityId TEXT = EntityId.ROOT.child("doc");

  private GoldenVectors() {}

  /** A keystroke: insert "a" after the author's previous character, one parent. */
  static Delta keystroke() {
    return Delta.sign(
        AUTHOR,
        HLC,
        42,
        List.of(DeltaId.of(new byte[32])),
        List.of(new Action.TextInsert(TEXT, new ElementId(AUTHOR.publicKey(), 41), "a")));
  }

  /** A map put of key "key1234" to value "v" in the root, genesis (no parents). */
  static Delta mapPut() {
    return Delta.sign(
        AUTHOR,
        HLC,
        1,
        List.of(),
        List.of(
            new Action.Put(
                EntityId.ROOT,
                "key1234".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8))));
  }
}
