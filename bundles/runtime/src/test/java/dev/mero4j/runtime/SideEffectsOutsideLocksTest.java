package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners and publishing run after a context's lock is released, and loading one context holds up
 * no other call.
 */
class SideEffectsOutsideLocksTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    release.countDown();
    open.forEach(StorageEngine::close);
  }

  private StorageEngine storage(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    return storage;
  }

  private static ContextManager contexts(StorageEngine storage) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private void block() {
    entered.countDown();
    awaitRelease();
  }

  private void awaitRelease() {
    try {
      release.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String call(ContextManager contexts, ContextId ctx, String method, String args) {
    return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
  }

  @Test
  void aBlockingEventListenerDoesNotBlockReadsOfTheSameContext() throws InterruptedException {
    ContextManager contexts = contexts(storage("a"));
    ContextId ctx =
        contexts
            .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
            .contextId();
    contexts.subscribe(Set.of(ctx), event -> block());
    CompletableFuture<String> write =
        CompletableFuture.supplyAsync(
            () -> call(contexts, ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}"));
    assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThat(CompletableFuture.supplyAsync(() -> call(contexts, ctx, "get", "{\"key\":\"k\"}")))
        .succeedsWithin(PROMPTLY)
        .isEqualTo("\"v\"");
    release.countDown();
    assertThat(write).succeedsWithin(PROMPTLY);
  }

  @Test
  void aBlockingCommitListenerDoesNotBlockReadsOfTheSameContext() throws InterruptedException {
    ContextManager contexts = contexts(storage("a"));
    ContextId ctx =
        contexts
            .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
            .contextId();
    contexts.onCommit((context, envelope) -> block());
    CompletableFuture<String> write =
        CompletableFuture.supplyAsync(
            () -> call(contexts, ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}"));
    assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThat(CompletableFuture.supplyAsync(() -> call(contexts, ctx, "len", "{}")))
        .succeedsWithin(PROMPTLY)
        .isEqualTo("1");
    release.countDown();
    assertThat(write).succeedsWithin(PROMPTLY);
  }

  @Test
  void handlersRunWhenAContextLoadsDoNotHoldUpOtherCallsToIt() throws InterruptedException {
    ContextManager a = contexts(storage("a"));
    StorageEngine bStorage = storage("b");
    ContextManager b = contexts(bStorage);
    List<byte[]> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ContextId ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    call(a, ctx, "announce", "{\"key\":\"hello\"}");
    // b stores the announcement and its handler job, then stops (its listener never returns)
    // before running the handler: a crash between the two, as far as the storage can tell.
    CountDownLatch stored = new CountDownLatch(1);
    b.subscribe(
        Set.of(ctx),
        event -> {
          if (event.events().stream().anyMatch(e -> e.kind().equals("Announced"))) {
            stored.countDown();
            awaitRelease();
          }
        });
    CompletableFuture.runAsync(() -> sent.forEach(b.replica(ctx)::applyRemote));
    assertThat(stored.await(1, TimeUnit.MINUTES)).isTrue();
    // A restart: the handler the announcement queued runs when the context first loads.
    ContextManager restarted = contexts(bStorage);
    restarted.subscribe(Set.of(ctx), event -> block());
    CompletableFuture<Object> load = CompletableFuture.supplyAsync(() -> restarted.get(ctx));
    assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThat(CompletableFuture.supplyAsync(() -> call(restarted, ctx, "handled", "{}")))
        .succeedsWithin(PROMPTLY)
        .isEqualTo("1");
    release.countDown();
    assertThat(load).succeedsWithin(PROMPTLY);
  }
}
