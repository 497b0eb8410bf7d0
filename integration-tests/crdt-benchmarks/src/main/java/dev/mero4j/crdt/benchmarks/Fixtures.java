package dev.mero4j.crdt.benchmarks;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.primitives.KeyPair;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Shared helpers: deterministic keys and states. */
final class Fixtures {
  static final byte[] DOC = "doc".getBytes(StandardCharsets.UTF_8);

  private Fixtures() {}

  static KeyPair key(int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    s[31] = 9;
    return KeyPair.fromSeed(s);
  }

  static ContextState state(int seed) {
    return ContextState.create(key(seed), new HybridClock(Clock.systemUTC()));
  }

  static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
