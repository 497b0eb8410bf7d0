package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.ReplicaLog.RemoteOutcome;
import dev.mero4j.runtime.internal.MovingClock;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delta whose parents never come is dropped after its age, without a report that would penalise
 * its sender (the network may have lost the parents of an honest delta); delivered again with its
 * parents, it applies (issue 16, item 6).
 */
class PendingParentsExpiryTest {
  /** The age of a delta waiting for its parents (PendingParents.MAX_AGE), stated independently. */
  private static final Duration MAX_AGE = Duration.ofMinutes(10);

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

  private ContextManager node(String name, Clock clock, List<byte[]> sent) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    ContextManager contexts =
        new ContextManager(storage, apps, RuntimeLimits.DEFAULT, clock, new SecureRandom());
    contexts.onCommit((ctx, envelope) -> sent.add(envelope));
    return contexts;
  }

  @Test
  void aDeltaWaitingForItsParentsPastItsAgeIsDroppedAndAppliesWhenDeliveredAgainWithThem() {
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    ContextManager a = node("a", Clock.systemUTC(), sent);
    MovingClock clock = new MovingClock(Instant.now());
    ContextManager b = node("b", clock, new CopyOnWriteArrayList<>());
    ApplicationId app = ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe));
    ContextId ctx = a.create(app, "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    ContextReplica replica = b.replica(ctx);
    sent.forEach(replica::applyRemote);
    sent.clear();
    a.execute(ctx, "set", "{\"key\":\"k\",\"value\":\"parent\"}", Optional.empty());
    a.execute(ctx, "set", "{\"key\":\"k\",\"value\":\"child\"}", Optional.empty());
    assertThat(sent).hasSize(2);
    byte[] parent = sent.get(0);
    byte[] child = sent.get(1);

    assertThat(replica.applyRemote(child).status()).isEqualTo(RemoteOutcome.Status.PENDING);
    clock.advance(MAX_AGE.minusSeconds(1));
    assertThat(replica.expireAwaiting()).isEmpty();
    assertThat(replica.pendingCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(replica.expireAwaiting()).as("dropped, its sender not reported").isEmpty();
    assertThat(replica.pendingCount()).isZero();

    assertThat(replica.applyRemote(child).status()).isEqualTo(RemoteOutcome.Status.PENDING);
    assertThat(replica.applyRemote(parent).applied()).hasSize(2);
    assertThat(replica.pendingCount()).isZero();
    assertThat(replica.rootHash()).isEqualTo(a.replica(ctx).rootHash());
    assertThat(b.execute(ctx, "get", "{\"key\":\"k\"}", Optional.empty()).outputJson())
        .isEqualTo(a.execute(ctx, "get", "{\"key\":\"k\"}", Optional.empty()).outputJson());
  }
}
