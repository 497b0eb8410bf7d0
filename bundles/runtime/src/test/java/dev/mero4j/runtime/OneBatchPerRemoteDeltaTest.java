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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote delta, its envelope, the handler jobs its events queue and the DAG's records land in one
 * storage batch.
 */
class OneBatchPerRemoteDeltaTest {
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
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void aDeltaWithAHandlerIsStoredWithItsEnvelopeAndHandlerJobsInOneBatch() {
    ContextManager a =
        contexts(new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a"))));
    List<Set<String>> batches = new CopyOnWriteArrayList<>();
    ContextManager b =
        contexts(
            new ObservedStorage(
                new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b"))),
                batch -> batches.add(ObservedStorage.keyspaces(batch))));
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ContextId ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    a.execute(ctx, "announce", "{\"key\":\"news\"}", Optional.empty());

    sent.forEach(b.replica(ctx)::applyRemote);

    assertThat(b.execute(ctx, "handled", "{}", Optional.empty()).outputJson()).isEqualTo("1");
    assertThat(batches)
        .as("one batch holds the delta, its envelope and its handler job")
        .anySatisfy(
            keyspaces -> assertThat(keyspaces).contains("dag+", "ctx-envelopes+", "ctx-handlers+"));
    assertThat(batches)
        .as("no handler job is written on its own")
        .noneSatisfy(keyspaces -> assertThat(keyspaces).containsExactly("ctx-handlers+"));
  }
}
