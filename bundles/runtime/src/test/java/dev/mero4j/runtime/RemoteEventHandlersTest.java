package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.internal.HostileEnvelopes;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member's delta can make its peers run only the app's declared event handlers (methods named
 * {@code on_…}), never {@code init} or another writer, and carries at most as many events as a
 * local call may emit.
 */
class RemoteEventHandlersTest {
  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private ContextManager a;
  private ContextManager b;
  private ContextId ctx;

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  private ContextManager contexts(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private void twoMembers() {
    a = contexts("a");
    b = contexts("b");
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ctx =
        a.create(
                ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)),
                "{\"owner\":\"alice\"}")
            .contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    sent.forEach(b.replica(ctx)::applyRemote);
  }

  @Test
  void eventsNamingInitOrAPlainWriterRunNothingWhileADeclaredHandlerRuns() {
    twoMembers();
    byte[] forged =
        HostileEnvelopes.withEvents(
            a.replica(ctx),
            "forged",
            List.of(
                new AppEvent("X", "{\"owner\":\"mallory\"}", Optional.of("init")),
                new AppEvent("Y", "{\"key\":\"evil\",\"value\":\"1\"}", Optional.of("set")),
                new AppEvent("Z", "{\"key\":\"fine\"}", Optional.of("on_announce"))));

    b.replica(ctx).applyRemote(forged);

    await()
        .untilAsserted(
            () ->
                assertThat(b.execute(ctx, "handled", "{}", Optional.empty()).outputJson())
                    .isEqualTo("1"));
    assertThat(b.execute(ctx, "owner", "{}", Optional.empty()).outputJson())
        .contains("alice")
        .doesNotContain("mallory");
    assertThat(b.execute(ctx, "get", "{\"key\":\"evil\"}", Optional.empty()).outputJson())
        .isEqualTo("null");
  }

  @Test
  void aDeltaWithMoreEventsThanACallMayEmitIsRefused() {
    twoMembers();
    int cap = RuntimeLimits.DEFAULT.maxEvents();
    byte[] flood =
        HostileEnvelopes.withEvents(
            a.replica(ctx),
            "flood",
            Collections.nCopies(cap + 1, new AppEvent("E", "{}", Optional.empty())));
    byte[] full =
        HostileEnvelopes.withEvents(
            a.replica(ctx),
            "full",
            Collections.nCopies(cap, new AppEvent("E", "{}", Optional.empty())));

    assertThatThrownBy(() -> b.replica(ctx).applyRemote(flood))
        .isInstanceOf(RejectedDeltaException.class)
        .hasMessageContaining(String.valueOf(cap));
    assertThat(b.replica(ctx).applyRemote(full).status())
        .isNotEqualTo(ContextReplica.RemoteOutcome.Status.DUPLICATE);
  }
}
