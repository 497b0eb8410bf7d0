package dev.mero4j.simulator;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.replication.ReplicationConfig;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.wasm.api.WasmEngine;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One simulated node: heap storage, the real runtime and the real replicator, wired to the
 * simulation's virtual clock (skewed per node), a seeded random and a {@link SimulatedTransport}. A
 * restart keeps the storage and rebuilds everything else, as a process restart would.
 */
final class SimNode {
  final int index;
  final PeerId id;
  private final SimulatedNetwork network;
  private final VirtualScheduler world;
  private final WasmEngine engine;
  private final byte[] app;
  private final ReplicationConfig config;
  private final long seed;

  /** This node's wall clock: virtual time plus a fixed, seeded skew. */
  final Clock clock;

  private final StorageEngine storage =
      new MemoryStorageProvider().open(StorageConfig.at(Path.of("sim")));
  private int generation;
  ApplicationManager apps;
  ContextManager contexts;
  SimulatedTransport transport;
  Replicator replicator;
  VirtualScheduler executor;
  ApplicationId appId;

  SimNode(
      int index,
      SimulatedNetwork network,
      VirtualScheduler world,
      WasmEngine engine,
      byte[] app,
      ReplicationConfig config,
      long seed,
      Duration skew) {
    this.index = index;
    this.id = new PeerId("node-" + index);
    this.network = network;
    this.world = world;
    this.engine = engine;
    this.app = app;
    this.config = config;
    this.seed = seed;
    this.clock = Clock.offset(world.clock(), skew);
    boot();
  }

  private void boot() {
    generation++;
    apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
    contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, clock, seededRandom(seed * 31 + generation));
    appId = apps.install(app, "sim").id();
    transport = network.attach(id);
    executor = world.fork(id + "/" + generation);
    replicator = new Replicator(transport, contexts, config, clock, executor);
    replicator.start();
  }

  /**
   * Deletes the delta envelopes of {@code ctx} here whose deltas are {@code stable} (a safe pruning
   * policy drops only what every member holds); returns how many.
   */
  int pruneHistory(
      ContextId ctx, java.util.function.Predicate<dev.mero4j.primitives.DeltaId> stable) {
    dev.mero4j.storage.api.WriteBatch batch = new dev.mero4j.storage.api.WriteBatch();
    int[] count = {0};
    try (dev.mero4j.storage.api.KeyValueCursor cursor =
        storage.keyspace("ctx-envelopes").prefix(ctx.toBytes())) {
      cursor.forEachRemaining(
          kv -> {
            if (stable.test(
                dev.mero4j.primitives.DeltaId.of(java.util.Arrays.copyOfRange(kv.key(), 32, 64)))) {
              batch.delete("ctx-envelopes", kv.key());
              count[0]++;
            }
          });
    }
    storage.write(batch);
    return count[0];
  }

  /** Stops the process (replicator, transport) and starts it again on the same storage. */
  void restart() {
    replicator.close();
    executor.shutdownNow();
    transport.close();
    boot();
  }

  String call(ContextId ctx, String method, String args) {
    return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
  }

  ContextReplica replica(ContextId ctx) {
    return contexts.replica(ctx);
  }

  void close() {
    replicator.close();
    executor.shutdownNow();
    transport.close();
    storage.close();
  }

  private static SecureRandom seededRandom(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return id.toString();
  }
}
