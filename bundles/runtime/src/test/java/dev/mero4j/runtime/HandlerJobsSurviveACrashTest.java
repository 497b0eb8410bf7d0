package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handler jobs are at-least-once across a crash: whichever storage write a crash interrupts while a
 * remote delta with a handler event is buffered or applied, the node restarted from its files runs
 * the handler.
 */
class HandlerJobsSurviveACrashTest {
  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  /** The real engine, whose first write matching {@code crashAt} fails as a crash would. */
  private static StorageEngine crashing(StorageEngine engine, Predicate<Set<String>> crashAt) {
    AtomicBoolean crashed = new AtomicBoolean();
    return new ObservedStorage(
        engine,
        batch -> {
          Set<String> keyspaces = ObservedStorage.keyspaces(batch);
          if (crashAt.test(keyspaces) && crashed.compareAndSet(false, true)) {
            throw new IllegalStateException("injected crash before writing " + keyspaces);
          }
        });
  }

  private ContextManager contexts(StorageEngine storage) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void aCrashBetweenTheParentsBatchAndTheReleasedChildsBatchLosesNoHandler() {
    crashAndRestart(keyspaces -> keyspaces.contains("ctx-handlers+"), "the released child's batch");
  }

  @Test
  void aCrashWhileBufferingAnEarlyDeltaLosesNoHandler() {
    crashAndRestart(
        keyspaces -> keyspaces.contains("ctx-envelopes+") || keyspaces.equals(Set.of("dag+")),
        "a write of the early delta");
  }

  private void crashAndRestart(Predicate<Set<String>> crashAt, String what) {
    StorageEngine aStorage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a")));
    open.add(aStorage);
    ContextManager a = contexts(aStorage);
    StorageEngine bStorage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b")));
    ContextManager b = contexts(bStorage);
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ContextId ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    sent.forEach(b.replica(ctx)::applyRemote);
    sent.clear();
    a.execute(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty());
    a.execute(ctx, "announce", "{\"key\":\"news\"}", Optional.empty());
    assertThat(sent).hasSize(2);
    bStorage.close();

    StorageEngine crashing =
        crashing(new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b"))), crashAt);
    ContextManager b2 = contexts(crashing);
    assertThatThrownBy(
            () -> {
              b2.replica(ctx).applyRemote(sent.get(1));
              b2.replica(ctx).applyRemote(sent.get(0));
            })
        .as(what)
        .hasMessageContaining("injected crash");
    crashing.close();

    StorageEngine restarted = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b")));
    open.add(restarted);
    ContextManager b3 = contexts(restarted);
    sent.forEach(b3.replica(ctx)::applyRemote);
    await()
        .untilAsserted(
            () ->
                assertThat(b3.execute(ctx, "handled", "{}", Optional.empty()).outputJson())
                    .isEqualTo("1"));
  }
}
