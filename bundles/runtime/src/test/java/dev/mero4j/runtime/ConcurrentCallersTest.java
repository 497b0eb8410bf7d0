package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads on one context at once, as the HTTP server and replication call it. */
class ConcurrentCallersTest {
  private static final WasmEngine ENGINE = new ChicoryWasmEngine();
  private static final int THREADS = 4;

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    open.forEach(StorageEngine::close);
  }

  private StorageEngine storage(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    return storage;
  }

  private static ContextManager contexts(StorageEngine storage) {
    return new ContextManager(
        storage, apps(storage), RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private static ApplicationManager apps(StorageEngine storage) {
    return new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
  }

  /** Runs {@code task} on every thread at the same moment and returns what each returned. */
  private <T> List<T> atOnce(Callable<T> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<T>> running = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      running.add(
          pool.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : running) {
      results.add(f.get());
    }
    return results;
  }

  @Test
  void aRestartedContextReadByConcurrentCallersReportsTheRootItHadBeforeTheRestart()
      throws Exception {
    StorageEngine storage = storage("a");
    ApplicationId app = apps(storage).install(ContextManagerContractTest.probe, "t").id();
    ContextManager before = contexts(storage);
    ContextId ctx = before.create(app, "{}").contextId();
    for (int i = 0; i < 300; i++) {
      before.execute(
          ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}", Optional.empty());
    }
    Hash root = before.get(ctx).orElseThrow().rootHash();
    for (int restart = 0; restart < 30; restart++) {
      // A restart loads the state with no hash cached; the first callers hash the whole tree at
      // once.
      ContextManager after = contexts(storage);
      ContextReplica replica = after.replica(ctx);
      List<Hash> seen =
          atOnce(
              () ->
                  Thread.currentThread().getId() % 2 == 0
                      ? replica.rootHash()
                      : after.execute(ctx, "get", "{\"key\":\"k1\"}", Optional.empty()).rootHash());
      assertThat(seen)
          .as("roots seen by concurrent callers after restart %d", restart)
          .containsOnly(root);
      assertThat(replica.rootHash()).as("root kept after restart %d", restart).isEqualTo(root);
    }
  }

  @Test
  void handlersRunOncePerEventWhenManyThreadsRunTheQueueAtOnce() throws Exception {
    StorageEngine storageA = storage("a");
    StorageEngine storageB = storage("b");
    ApplicationId app = apps(storageA).install(ContextManagerContractTest.probe, "t").id();
    apps(storageB).install(ContextManagerContractTest.probe, "t");
    ContextManager a = contexts(storageA);
    ContextManager b = contexts(storageB);
    List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    a.onCommit((ctx, envelope) -> sent.add(envelope));
    ContextId ctx = a.create(app, "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    int events = 0;
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 4; i++, events++) {
        a.execute(ctx, "announce", "{\"key\":\"e" + events + "\"}", Optional.empty());
      }
      List<byte[]> page = List.copyOf(sent);
      sent.clear();
      // Every thread that applies a delta runs the queue after it: they race on each job.
      atOnce(
          () -> {
            page.forEach(b.replica(ctx)::applyRemote);
            return null;
          });
      assertThat(b.execute(ctx, "handled", "{}", Optional.empty()).outputJson())
          .as("handler runs after %d events", events)
          .isEqualTo(Integer.toString(events));
    }
  }

  @Test
  void aRootThatDivergedInMemoryAtTheSameHeadsIsRecomputedFromStorageOncePerState()
      throws Exception {
    StorageEngine storage = storage("a");
    ApplicationId app = apps(storage).install(ContextManagerContractTest.probe, "t").id();
    ContextManager contexts = contexts(storage);
    ContextId ctx = contexts.create(app, "{}").contextId();
    contexts.execute(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty());
    ContextReplica replica = contexts.replica(ctx);
    Hash stored = replica.rootHash();
    List<dev.mero4j.primitives.DeltaId> heads = replica.heads();
    divergeInMemory(replica);
    assertThat(replica.heads()).isEqualTo(heads);
    assertThat(replica.rootHash()).isNotEqualTo(stored);

    assertThat(replica.recheckRoot(List.of()))
        .as("other heads: nothing to recheck")
        .isNotEqualTo(stored);
    assertThat(replica.recheckRoot(heads)).isEqualTo(stored);
    assertThat(replica.rootHash()).isEqualTo(stored);
    divergeInMemory(replica);
    assertThat(replica.recheckRoot(heads))
        .as("one recheck per state, whatever peers claim")
        .isNotEqualTo(stored);
  }

  /**
   * Changes the loaded state without a delta, keeping its heads: what a corrupted cache looks like.
   */
  private static void divergeInMemory(ContextReplica replica) throws ReflectiveOperationException {
    Object loaded = ((dev.mero4j.runtime.internal.ReplicaSide) replica).context();
    java.lang.reflect.Field field = loaded.getClass().getDeclaredField("dag");
    field.setAccessible(true);
    dev.mero4j.crdt.ContextState state = ((dev.mero4j.dag.CausalDag) field.get(loaded)).state();
    List<dev.mero4j.primitives.DeltaId> heads = state.heads();
    dev.mero4j.crdt.Transaction tx = state.begin();
    tx.root().put("stray".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1});
    tx.commit();
    state.setHeads(heads);
  }
}
