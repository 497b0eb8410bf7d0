package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.DeltaSummary;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.ReadOnlyRequiredException;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.UnknownDeltaException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time travel on real MapDB files and the Chicory engine: calls at a delta, history, diff. */
class TimeTravelTest {
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

  private ContextManager node(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(
        storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
  }

  private static ContextId context(ContextManager node) {
    return node.create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
        .contextId();
  }

  private static DeltaId set(ContextManager node, ContextId ctx, String key, String value) {
    return node.execute(
            ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Optional.empty())
        .delta()
        .orElseThrow();
  }

  private static String getAt(ContextManager node, ContextId ctx, DeltaId at, String key) {
    return node.executeAt(ctx, at, "get", "{\"key\":\"" + key + "\"}", Optional.empty())
        .outputJson();
  }

  @Test
  void aReadAtADeltaSeesTheStateThenAndLeavesTheLiveStateAlone() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    DeltaId first = set(node, ctx, "a", "1");
    DeltaId second = set(node, ctx, "a", "2");
    DeltaId third = set(node, ctx, "b", "3");
    ContextInfo before = node.get(ctx).orElseThrow();

    assertThat(getAt(node, ctx, first, "a")).isEqualTo("\"1\"");
    assertThat(getAt(node, ctx, first, "b")).isEqualTo("null");
    assertThat(getAt(node, ctx, second, "a")).isEqualTo("\"2\"");
    assertThat(getAt(node, ctx, third, "b")).isEqualTo("\"3\"");
    assertThat(node.executeAt(ctx, third, "len", "{}", Optional.empty()).rootHash())
        .as("the state at the head is the live state")
        .isEqualTo(before.rootHash());
    assertThat(node.executeAt(ctx, first, "len", "{}", Optional.empty()).rootHash())
        .isNotEqualTo(before.rootHash());

    ContextInfo after = node.get(ctx).orElseThrow();
    assertThat(after.rootHash()).isEqualTo(before.rootHash());
    assertThat(after.dagHeads()).isEqualTo(before.dagHeads());
    assertThat(node.execute(ctx, "get", "{\"key\":\"a\"}", Optional.empty()).outputJson())
        .isEqualTo("\"2\"");
  }

  @Test
  void aWritingMethodOrAnUnknownDeltaIsRefusedAndNothingChanges() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    DeltaId first = set(node, ctx, "a", "1");
    ContextInfo before = node.get(ctx).orElseThrow();

    assertThatThrownBy(
            () ->
                node.executeAt(
                    ctx, first, "set", "{\"key\":\"a\",\"value\":\"9\"}", Optional.empty()))
        .isInstanceOf(ReadOnlyRequiredException.class)
        .hasMessageContaining("'set' writes");
    DeltaId unknown = DeltaId.of(Hash.sha256(new byte[] {7}));
    assertThatThrownBy(() -> getAt(node, ctx, unknown, "a"))
        .isInstanceOf(UnknownDeltaException.class)
        .hasMessageContaining(unknown.toString());
    assertThatThrownBy(() -> node.diff(ctx, first, unknown, 10))
        .isInstanceOf(UnknownDeltaException.class);
    assertThat(node.get(ctx).orElseThrow().dagHeads()).isEqualTo(before.dagHeads());
    assertThat(node.get(ctx).orElseThrow().rootHash()).isEqualTo(before.rootHash());
  }

  @Test
  void aDiffListsWhatWasAddedRemovedAndChangedPerCollection() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    DeltaId first = set(node, ctx, "a", "1");
    set(node, ctx, "a", "2");
    set(node, ctx, "b", "3");
    DeltaId last =
        node.execute(ctx, "remove", "{\"key\":\"a\"}", Optional.empty()).delta().orElseThrow();

    StateDiff diff = node.diff(ctx, first, last, 100);
    assertThat(diff.truncated()).isFalse();
    assertThat(diff.collections()).containsOnlyKeys("kv");
    StateDiff.CollectionDiff kv = diff.collections().get("kv");
    assertThat(kv.added()).containsExactly(new StateDiff.Entry("b", "3"));
    assertThat(kv.removed()).containsExactly(new StateDiff.Entry("a", "1"));
    assertThat(kv.changed()).isEmpty();

    DeltaId second = node.history(ctx, 3, Optional.empty()).deltas().get(2).id();
    assertThat(node.diff(ctx, first, second, 100).collections().get("kv").changed())
        .containsExactly(new StateDiff.Change("a", "1", "2"));
    assertThat(node.diff(ctx, first, last, 1).truncated()).isTrue();
    assertThat(node.diff(ctx, last, last, 10).collections()).isEmpty();
  }

  @Test
  void historyPagesListEveryDeltaOnceNewestFirst() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    List<DeltaId> written = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      written.add(set(node, ctx, "k" + i, "v" + i));
    }
    List<DeltaSummary> all = pages(node, ctx, 7);
    assertThat(all).hasSize(31); // init, then the 30 writes
    assertThat(all.get(0).id()).isEqualTo(written.get(29));
    assertThat(all).extracting(DeltaSummary::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(all.get(0).actions()).containsKey("put");
    assertThat(all.get(0).parents()).containsExactly(written.get(28));
    assertThat(all.get(0).hlcMillis()).isPositive();

    assertThatThrownBy(() -> node.history(ctx, 5, Optional.of("not-a-delta")))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> node.history(ctx, 0, Optional.empty()))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(
            () ->
                node.history(
                    ctx, 5, Optional.of(DeltaId.of(Hash.sha256(new byte[] {1})).toBase58())))
        .isInstanceOf(UnknownDeltaException.class);
  }

  static List<DeltaSummary> pages(ContextManager node, ContextId ctx, int limit) {
    List<DeltaSummary> all = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      HistoryPage page = node.history(ctx, limit, cursor);
      assertThat(page.deltas().size()).isLessThanOrEqualTo(limit);
      all.addAll(page.deltas());
      cursor = page.next();
    } while (cursor.isPresent());
    Set<DeltaId> ids = new HashSet<>();
    all.forEach(d -> assertThat(ids.add(d.id())).as("listed once: %s", d.id()).isTrue());
    return all;
  }

  @Test
  void concurrentBranchesAreKeptApartAndAKeptSnapshotHoldingTheOtherBranchIsPassedOver() {
    ContextManager a = node("a");
    ContextManager b = node("b");
    List<byte[]> fromA = new CopyOnWriteArrayList<>();
    List<byte[]> fromB = new CopyOnWriteArrayList<>();
    a.onCommit((c, envelope) -> fromA.add(envelope));
    b.onCommit((c, envelope) -> fromB.add(envelope));
    ContextId ctx = context(a);
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    fromA.forEach(b.replica(ctx)::applyRemote);
    DeltaId b1 = set(b, ctx, "from-b", "1");
    DeltaId b2 = set(b, ctx, "from-b-too", "2");

    // a writes until it applied 999 deltas, then b's first lands as its 1000th: a kept snapshot
    // whose heads are a's last write and b1, neither an ancestor of the other.
    DeltaId lastOfA = null;
    while (a.history(ctx, 1, Optional.empty()).deltas().get(0).seq() < 999) {
      lastOfA = set(a, ctx, "from-a", "x" + lastOfA);
    }
    a.replica(ctx).applyRemote(fromB.get(0));
    assertThat(a.history(ctx, 1, Optional.empty()).deltas().get(0).seq()).isEqualTo(1000);
    a.replica(ctx).applyRemote(fromB.get(1));

    assertThat(getAt(a, ctx, b2, "from-b-too")).isEqualTo("\"2\"");
    assertThat(getAt(a, ctx, b2, "from-a")).as("a's branch is not below b2").isEqualTo("null");
    assertThat(getAt(a, ctx, b1, "from-b-too")).isEqualTo("null");
    assertThat(getAt(a, ctx, lastOfA, "from-b")).isEqualTo("null");
    assertThat(getAt(a, ctx, lastOfA, "from-a")).isNotEqualTo("null");

    DeltaId merge = set(a, ctx, "merged", "yes");
    assertThat(a.executeAt(ctx, merge, "len", "{}", Optional.empty()).outputJson()).isEqualTo("4");
  }

  @Test
  void pastStatesSurviveCheckpointsPruningAndARestart() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    List<DeltaId> written = new ArrayList<>();
    for (int i = 0; i < 2_600; i++) {
      written.add(set(node, ctx, "k" + (i % 50), Integer.toString(i)));
    }
    open.remove(0).close();
    ContextManager reopened = node("a");

    // Delta 10 was pruned from the DAG by the checkpoint at 2000: read back from its envelope.
    assertThat(getAt(reopened, ctx, written.get(10), "k10")).isEqualTo("\"10\"");
    assertThat(getAt(reopened, ctx, written.get(10), "k11")).isEqualTo("null");
    assertThat(getAt(reopened, ctx, written.get(1_500), "k0")).isEqualTo("\"1500\"");
    assertThat(getAt(reopened, ctx, written.get(2_049), "k49")).isEqualTo("\"2049\"");
    assertThat(getAt(reopened, ctx, written.get(2_049), "k0")).isEqualTo("\"2000\"");

    List<DeltaSummary> all = pages(reopened, ctx, 1_000);
    assertThat(all).hasSize(2_601);
    assertThat(all.get(all.size() - 1).seq()).isEqualTo(1);
  }
}
