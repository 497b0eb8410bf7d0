package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hex;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.testdata.TestWasm;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that arrive together on one context are committed as one batch, stored in one write and
 * signed once; each caller is answered after its batch is stored, and a failing call fails alone.
 */
class GroupCommitTest {
  private static final byte[] PROBE = TestWasm.abiProbe();

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    pool.shutdownNow();
    open.forEach(StorageEngine::close);
  }

  private StorageEngine storage() {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a")));
    open.add(storage);
    return storage;
  }

  private static ContextManager contexts(StorageEngine storage) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(PROBE, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private static ContextId create(ContextManager contexts) {
    return contexts
        .create(ApplicationId.of(dev.mero4j.primitives.Hash.sha256(PROBE)), "{}")
        .contextId();
  }

  private static String set(String key) {
    return "{\"key\":\"" + key + "\",\"value\":\"v-" + key + "\"}";
  }

  @Test
  void sixteenWritersAreAllAcknowledgedDurableAndSignedFarFewerTimesThanTheyWrote()
      throws Exception {
    int threads = 16;
    int calls = 200;
    StorageEngine storage = storage();
    ContextManager contexts = contexts(storage);
    ContextId ctx = create(contexts);
    Map<String, DeltaId> acknowledged = new ConcurrentHashMap<>();
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < calls; i++) {
                  String key = "t" + thread + "-" + i;
                  ExecutionResult result = contexts.execute(ctx, "set", set(key), Optional.empty());
                  acknowledged.put(key, result.delta().orElseThrow());
                }
                return null;
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    assertThat(acknowledged).hasSize(threads * calls);
    storage.close();
    open.remove(storage);

    StorageEngine reopened = storage();
    ContextManager after = contexts(reopened);
    ContextReplica replica = after.replica(ctx);
    Set<String> signatures = new HashSet<>();
    Map<Integer, Integer> batchSizes = new HashMap<>();
    LoadedContext loaded = ((ReplicaSide) replica).context();
    VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
    for (Map.Entry<String, DeltaId> write : acknowledged.entrySet()) {
      assertThat(replica.contains(write.getValue())).as(write.getKey()).isTrue();
      byte[] inner =
          loaded.underWriteLock(
              () -> loaded.governance.openStored(replica.envelope(write.getValue()).orElseThrow()));
      assertThat(DeltaEnvelope.decode(inner, ctx, verified).delta().id())
          .isEqualTo(write.getValue());
      signatures.add(Hex.encode(Arrays.copyOfRange(inner, inner.length - 64, inner.length)));
      batchSizes.merge(BatchEnvelopeTest.Parts.of(inner).n(), 1, Integer::sum);
    }
    for (int i = 0; i < calls; i += 37) {
      String key = "t" + (i % threads) + "-" + i;
      assertThat(
              after.execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty()).outputJson())
          .isEqualTo("\"v-" + key + "\"");
    }
    System.out.printf(
        "%d writes, %d signatures, envelopes by batch size %s%n",
        acknowledged.size(), signatures.size(), batchSizes);
    assertThat(signatures.size()).isLessThan(acknowledged.size() / 2);
  }

  @Test
  void aFailingCallInTheMiddleOfABatchFailsAloneAndTheOthersCommit() throws Exception {
    StorageEngine storage = storage();
    ContextManager contexts = contexts(storage);
    ContextId ctx = create(contexts);
    LoadedContext loaded = ((ReplicaSide) contexts.replica(ctx)).context();
    List<Thread> callers = new ArrayList<>();
    Map<String, Object> outcomes = new ConcurrentHashMap<>();
    List<String> methods =
        List.of("set", "set", "fail_after_write", "set", "panic_after_write", "set");
    loaded.lockWrite();
    try {
      // The first caller leads and waits for the write lock; the others queue behind it, in order,
      // and the leader takes them all once it holds the lock.
      for (int i = 0; i < methods.size(); i++) {
        String method = methods.get(i);
        String key = "k" + i;
        Thread caller =
            new Thread(
                () -> {
                  try {
                    outcomes.put(key, contexts.execute(ctx, method, set(key), Optional.empty()));
                  } catch (RuntimeException e) {
                    outcomes.put(key, e);
                  }
                });
        caller.start();
        callers.add(caller);
        await().until(() -> caller.getState() == Thread.State.WAITING);
      }
    } finally {
      loaded.unlockWrite();
    }
    for (Thread caller : callers) {
      caller.join();
    }
    assertThat(outcomes.get("k2")).isInstanceOf(AppErrorException.class);
    assertThat(outcomes.get("k4")).isInstanceOf(RuntimeException.class);
    List<DeltaId> committed = new ArrayList<>();
    for (String key : List.of("k0", "k1", "k3", "k5")) {
      assertThat(outcomes.get(key)).as(key).isInstanceOf(ExecutionResult.class);
      committed.add(((ExecutionResult) outcomes.get(key)).delta().orElseThrow());
    }
    storage.close();
    open.remove(storage);

    ContextManager after = contexts(storage());
    for (int i = 0; i < methods.size(); i++) {
      String value =
          after.execute(ctx, "get", "{\"key\":\"k" + i + "\"}", Optional.empty()).outputJson();
      assertThat(value)
          .as("k%d", i)
          .isEqualTo(methods.get(i).equals("set") ? "\"v-k" + i + "\"" : "null");
    }
    assertThat(committed).allMatch(after.replica(ctx)::contains);
    // The calls before the first failure were one batch under one signature.
    LoadedContext reloaded = ((ReplicaSide) after.replica(ctx)).context();
    List<BatchEnvelopeTest.Parts> stored = new ArrayList<>();
    for (DeltaId id : committed) {
      stored.add(
          BatchEnvelopeTest.Parts.of(
              reloaded.underWriteLock(
                  () ->
                      reloaded.governance.openStored(
                          after.replica(ctx).envelope(id).orElseThrow()))));
    }
    assertThat(stored.get(0).n()).isEqualTo(2);
    assertThat(stored.get(1).index()).isEqualTo(1);
    assertThat(stored.get(1).signature()).isEqualTo(stored.get(0).signature());
    assertThat(stored.get(2).signature()).isNotEqualTo(stored.get(0).signature());
    // Each delta's parent is the one committed before it.
    for (int i = 1; i < committed.size(); i++) {
      assertThat(after.replica(ctx).parents(committed.get(i)).orElseThrow())
          .containsExactly(committed.get(i - 1));
    }
  }

  @Test
  void aLoneCallIsABatchOfOne() {
    StorageEngine storage = storage();
    ContextManager contexts = contexts(storage);
    ContextId ctx = create(contexts);
    DeltaId id = contexts.execute(ctx, "set", set("alone"), Optional.empty()).delta().orElseThrow();
    LoadedContext loaded = ((ReplicaSide) contexts.replica(ctx)).context();
    byte[] inner =
        loaded.underWriteLock(
            () -> loaded.governance.openStored(contexts.replica(ctx).envelope(id).orElseThrow()));
    BatchEnvelopeTest.Parts parts = BatchEnvelopeTest.Parts.of(inner);
    assertThat(parts.n()).isEqualTo(1);
    assertThat(parts.path()).isEmpty();
  }

  @Test
  void aSubscriberOfTheBatchMayWriteToTheSameContextFromItsCallback() throws Exception {
    ContextManager contexts = contexts(storage());
    ContextId ctx = create(contexts);
    Map<String, Object> echoed = new ConcurrentHashMap<>();
    try (var subscription =
        contexts.subscribe(
            Set.of(ctx),
            event -> {
              if (echoed.isEmpty()) {
                echoed.put("echo", contexts.execute(ctx, "set", set("echo"), Optional.empty()));
              }
            })) {
      Future<ExecutionResult> first =
          pool.submit(() -> contexts.execute(ctx, "set", set("first"), Optional.empty()));
      assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS).delta()).isPresent();
      await().until(() -> echoed.containsKey("echo"));
    }
    assertThat(contexts.execute(ctx, "get", "{\"key\":\"echo\"}", Optional.empty()).outputJson())
        .isEqualTo("\"v-echo\"");
  }
}
