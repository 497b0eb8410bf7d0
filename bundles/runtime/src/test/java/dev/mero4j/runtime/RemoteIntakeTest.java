package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.internal.ReplicaSide;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers' envelopes cost one verification each (a frame taken before is recognised by its hash and
 * skips the open and the signature check), and a catch-up page is verified before anything applies
 * and then committed to storage as one batch (issue 17).
 */
class RemoteIntakeTest {
  private static final int DELTAS = 6;

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private final List<Set<String>> batches = new CopyOnWriteArrayList<>();
  private final List<byte[]> sent = new CopyOnWriteArrayList<>();
  private ContextManager b;
  private ContextId ctx;

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @BeforeEach
  void writeOnA() {
    ContextManager a =
        contexts(new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("a"))));
    b =
        contexts(
            new ObservedStorage(
                new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("b"))),
                batch ->
                    batches.add(
                        batch.operations().stream()
                            .map(WriteBatch.Operation::keyspace)
                            .collect(Collectors.toSet()))));
    a.onCommit((context, envelope) -> sent.add(envelope));
    ctx =
        a.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}").contextId();
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    for (int i = 0; i < DELTAS; i++) {
      a.execute(ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v\"}", Optional.empty());
    }
    assertThat(sent).as("the context's first delta, then the sets").hasSizeGreaterThan(DELTAS);
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  private ReplicaSide replica() {
    return (ReplicaSide) b.replica(ctx);
  }

  @Test
  void aFrameTakenBeforeIsKnownWithoutOpeningOrVerifyingIt() {
    long before = replica().envelopeVerifications();
    sent.forEach(replica()::applyRemote);
    assertThat(replica().heads()).hasSize(1);
    assertThat(replica().envelopeVerifications()).isEqualTo(before + sent.size());

    for (byte[] envelope : sent) {
      assertThat(replica().applyRemote(envelope).status())
          .isEqualTo(ReplicaLog.RemoteOutcome.Status.DUPLICATE);
    }
    assertThat(replica().applyRemoteAll(sent)).isZero();

    assertThat(replica().envelopeVerifications())
        .as("duplicates by gossip and in a catch-up page cost no verification")
        .isEqualTo(before + sent.size());
  }

  @Test
  void aCatchUpPageIsAppliedAsOneStorageCommit() {
    batches.clear();

    assertThat(replica().applyRemoteAll(sent)).isEqualTo(sent.size());

    assertThat(batches)
        .as("one commit holds the page's deltas and envelopes")
        .singleElement()
        .satisfies(keyspaces -> assertThat(keyspaces).contains("dag", "ctx-envelopes"));
    assertThat(replica().heads()).hasSize(1);
    assertThat(b.execute(ctx, "get", "{\"key\":\"k5\"}", Optional.empty()).outputJson())
        .contains("v");
  }

  @Test
  void aForgedEnvelopeRejectsThePageWithNothingAppliedOrWritten() {
    List<byte[]> page = new ArrayList<>(sent);
    byte[] forged = page.get(DELTAS / 2).clone();
    forged[forged.length - 10] ^= 1;
    page.set(DELTAS / 2, forged);
    assertRefusedWhole(page);
  }

  @Test
  void aTruncatedEnvelopeRejectsThePageWithNothingAppliedOrWritten() {
    List<byte[]> page = new ArrayList<>(sent);
    byte[] whole = page.get(DELTAS / 2);
    page.set(DELTAS / 2, Arrays.copyOf(whole, whole.length - 1));
    assertRefusedWhole(page);
  }

  @Test
  void aPageReorderedSoAChildComesBeforeItsParentsStillAppliesInCausalOrder() {
    List<byte[]> page = new ArrayList<>(sent);
    Collections.reverse(page);

    assertThat(replica().applyRemoteAll(page)).isEqualTo(sent.size());

    assertThat(replica().heads()).hasSize(1);
    assertThat(replica().pendingCount()).isZero();
    assertThat(b.execute(ctx, "get", "{\"key\":\"k5\"}", Optional.empty()).outputJson())
        .contains("v");
  }

  private void assertRefusedWhole(List<byte[]> page) {
    Hash root = replica().rootHash();
    List<DeltaId> heads = replica().heads();
    batches.clear();

    assertThatThrownBy(() -> replica().applyRemoteAll(page))
        .isInstanceOf(RejectedDeltaException.class);

    assertThat(batches).as("nothing written").isEmpty();
    assertThat(replica().rootHash()).isEqualTo(root);
    assertThat(replica().heads()).isEqualTo(heads);
    assertThat(replica().pendingCount()).isZero();
  }

  private ContextManager contexts(StorageEngine storage) {
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }
}
