package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.internal.HostileEnvelopes;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context whose member received 10,000 concurrent deltas keeps working on real MapDB files: its
 * commits name a bounded set of heads, it restarts, it advertises a bounded frontier, and a fresh
 * member fed every envelope reaches the same state.
 */
class ManyConcurrentHeadsTest {
  private static final int HEADS = 10_000;

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

  private ContextManager contexts(StorageEngine storage) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private StorageEngine storage(String name) {
    return new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
  }

  @Test
  void tenThousandConcurrentHeadsCommitRestartAndReachAFreshMember() {
    StorageEngine aStorage = storage("a");
    open.add(aStorage);
    ContextManager a = contexts(aStorage);
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ContextId ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    StorageEngine bStorage = storage("b");
    ContextManager b = contexts(bStorage);
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    sent.forEach(b.replica(ctx)::applyRemote);
    List<byte[]> forged = HostileEnvelopes.concurrent(a.replica(ctx), HEADS);

    assertThat(b.replica(ctx).applyRemoteAll(forged)).isEqualTo(HEADS);
    assertThat(b.replica(ctx).heads()).hasSize(HEADS);
    assertThat(b.replica(ctx).frontier().heads()).hasSize(DeltaCodec.MAX_PARENTS);
    List<byte[]> fromB = new CopyOnWriteArrayList<>();
    b.onCommit((context, envelope) -> fromB.add(envelope));
    b.execute(ctx, "set", "{\"key\":\"first\",\"value\":\"1\"}", Optional.empty());
    int afterOne = HEADS - DeltaCodec.MAX_PARENTS + 1;
    assertThat(b.replica(ctx).heads()).hasSize(afterOne);
    Hash root = b.replica(ctx).rootHash();
    bStorage.close();

    StorageEngine restartedStorage = storage("b");
    open.add(restartedStorage);
    ContextManager restarted = contexts(restartedStorage);
    assertThat(restarted.replica(ctx).heads()).hasSize(afterOne);
    assertThat(restarted.replica(ctx).rootHash()).isEqualTo(root);
    restarted.onCommit((context, envelope) -> fromB.add(envelope));
    restarted.execute(ctx, "set", "{\"key\":\"second\",\"value\":\"2\"}", Optional.empty());
    assertThat(restarted.replica(ctx).heads()).hasSize(afterOne - DeltaCodec.MAX_PARENTS + 1);

    StorageEngine cStorage = storage("c");
    open.add(cStorage);
    ContextManager c = contexts(cStorage);
    ReplicaTest.join(c, a, ctx, MemberRole.MEMBER);
    List<byte[]> everything = new ArrayList<>(sent);
    everything.addAll(forged);
    everything.addAll(fromB);
    c.replica(ctx).applyRemoteAll(everything);
    assertThat(c.replica(ctx).pendingCount()).isZero();
    assertThat(c.replica(ctx).rootHash()).isEqualTo(restarted.replica(ctx).rootHash());
    assertThat(c.execute(ctx, "get", "{\"key\":\"second\"}", Optional.empty()).outputJson())
        .isEqualTo("\"2\"");
  }
}
