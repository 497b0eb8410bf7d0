package dev.mero4j.dag;

import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** A replica backed by a DAG for tests. */
final class DagPeer {
  static final ContextId CONTEXT = ContextId.of(new byte[32]);

  final KeyPair key;
  final CausalDag dag;

  DagPeer(int seed, Clock clock, StorageEngine engine, DagConfig config) {
    this.key = keyOf(seed);
    this.dag = CausalDag.open(CONTEXT, engine, key, new HybridClock(clock), config);
  }

  DagPeer(int seed, Clock clock) {
    this(seed, clock, memory(), DagConfig.DEFAULTS);
  }

  static StorageEngine memory() {
    return new MemoryStorageProvider().open(dev.mero4j.storage.api.StorageConfig.at(Path.of(".")));
  }

  static KeyPair keyOf(int seed) {
    byte[] s = new byte[32];
    s[0] = (byte) seed;
    s[31] = 3;
    return KeyPair.fromSeed(s);
  }

  Delta commit(Consumer<Transaction> body) {
    Transaction tx = dag.state().begin();
    body.accept(tx);
    Delta delta = tx.commit().orElseThrow();
    dag.addLocal(delta);
    return delta;
  }

  static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A clock that only moves when told. */
  static final class TestClock extends Clock {
    long millis = 1_700_000_000_000L;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }
}
