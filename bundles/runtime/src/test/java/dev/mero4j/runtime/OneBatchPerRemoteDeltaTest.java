package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
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

  /**
   * The real engine, recording each batch written to it as its keyspaces, marked + for a put and -
   * for a delete.
   */
  private record Recording(StorageEngine engine, List<Set<String>> batches)
      implements StorageEngine {
    @Override
    public Keyspace keyspace(String name) {
      return engine.keyspace(name);
    }

    @Override
    public Set<String> keyspaces() {
      return engine.keyspaces();
    }

    @Override
    public void write(WriteBatch batch) {
      batches.add(
          batch.operations().stream()
              .map(op -> op.keyspace() + (op.isDelete() ? "-" : "+"))
              .collect(Collectors.toCollection(TreeSet::new)));
      engine.write(batch);
    }

    @Override
    public StorageSnapshot snapshot() {
      return engine.snapshot();
    }

    @Override
    public void close() {
      engine.close();
    }
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
    Recording recording =
        new Recording(
            new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b"))),
            new CopyOnWriteArrayList<>());
    ContextManager b = contexts(recording);
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    a.onCommit((context, envelope) -> sent.add(envelope));
    ContextId ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    a.execute(ctx, "announce", "{\"key\":\"news\"}", Optional.empty());

    sent.forEach(b.replica(ctx)::applyRemote);

    assertThat(b.execute(ctx, "handled", "{}", Optional.empty()).outputJson()).isEqualTo("1");
    assertThat(recording.batches())
        .as("one batch holds the delta, its envelope and its handler job")
        .anySatisfy(
            keyspaces -> assertThat(keyspaces).contains("dag+", "ctx-envelopes+", "ctx-handlers+"));
    assertThat(recording.batches())
        .as("no handler job is written on its own")
        .noneSatisfy(keyspaces -> assertThat(keyspaces).containsExactly("ctx-handlers+"));
  }
}
