package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
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
 * What a local write costs in storage: one write per committed call, holding its sealed envelope
 * (the delta's one stored copy), the DAG's reference to it and its index entry, and nothing else; a
 * restart replays the deltas through the envelopes.
 */
class LocalWriteStorageTest {
  /** Bytes of the DAG's reference to a delta stored in its envelope: 0x00 ‖ delta id. */
  private static final int REFERENCE = 33;

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

  private StorageEngine mapdb() {
    return new MapDbStorageProvider().open(StorageConfig.at(dir));
  }

  @Test
  void aSetIsOneStorageWriteHoldingOneCopyOfItsDelta() {
    List<WriteBatch> writes = new CopyOnWriteArrayList<>();
    ContextManager contexts = contexts(new ObservedStorage(mapdb(), writes::add));
    ContextId ctx =
        contexts
            .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
            .contextId();

    for (int i = 0; i < 5; i++) {
      writes.clear();
      contexts.execute(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}", Optional.empty());

      assertThat(writes).as("storage writes of one set").hasSize(1);
      WriteBatch write = writes.get(0);
      assertThat(write.operations())
          .as("a local delta never waited: no pending record to delete")
          .noneMatch(WriteBatch.Operation::isDelete);
      assertThat(write.operations())
          .filteredOn(op -> op.keyspace().equals("ctx-envelopes"))
          .as("the envelope, the delta's one copy")
          .hasSize(1);
      assertThat(write.operations())
          .filteredOn(op -> op.keyspace().equals("dag"))
          .as("the DAG's records: a reference to the envelope and an index entry, no copy")
          .hasSize(2)
          .allSatisfy(op -> assertThat(op.value().length).isLessThanOrEqualTo(REFERENCE));
      assertThat(write.operations()).hasSize(3);
    }
  }

  @Test
  void aRestartReplaysTheDeltasFromTheirEnvelopes() {
    ContextManager contexts = contexts(mapdb());
    ContextId ctx =
        contexts
            .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
            .contextId();
    for (int i = 0; i < 20; i++) {
      String args = "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}";
      contexts.execute(ctx, "set", args, Optional.empty());
    }
    Hash root = contexts.get(ctx).orElseThrow().rootHash();
    open.remove(0).close();

    ContextManager reopened = contexts(mapdb());

    assertThat(reopened.get(ctx).orElseThrow().rootHash()).isEqualTo(root);
    assertThat(reopened.execute(ctx, "get", "{\"key\":\"k7\"}", Optional.empty()).outputJson())
        .contains("v7");
  }
}
