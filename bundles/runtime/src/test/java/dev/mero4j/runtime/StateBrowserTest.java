package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.runtime.api.UnknownDeltaException;
import dev.mero4j.runtime.api.UnknownPathException;
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

/** The state browser and the diff to a delta's parents on real MapDB files and Chicory. */
class StateBrowserTest {
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

  private static DeltaId call(ContextManager node, ContextId ctx, String method, String args) {
    return node.execute(ctx, method, args, Optional.empty()).delta().orElseThrow();
  }

  private static DeltaId set(ContextManager node, ContextId ctx, String key, String value) {
    return call(node, ctx, "set", "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}");
  }

  private static StatePage.Entry entry(StatePage page, String key) {
    return page.entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void theRootListsTheCollectionsAndAPathTheirEntriesWithAuthorHlcAndTombstones() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    DeltaId first = set(node, ctx, "a", "1");
    set(node, ctx, "b", "2");
    call(node, ctx, "bump", "{\"by\":5}");
    DeltaId removal = call(node, ctx, "remove", "{\"key\":\"a\"}");
    ContextInfo before = node.get(ctx).orElseThrow();

    StatePage root = node.state(ctx, Optional.empty(), "", 100, Optional.empty());
    assertThat(root.type()).isEmpty();
    assertThat(root.next()).isEmpty();
    assertThat(root.entries())
        .extracting(StatePage.Entry::key)
        .containsExactly("calls", "doc", "kv", "owner");
    assertThat(entry(root, "kv").type()).isEqualTo("UNORDERED_MAP");
    assertThat(entry(root, "kv").size()).hasValue(1);
    assertThat(entry(root, "calls").value()).hasValue("5");

    StatePage kv = node.state(ctx, Optional.empty(), "kv", 100, Optional.empty());
    assertThat(kv.type()).hasValue("UNORDERED_MAP");
    assertThat(kv.entries()).extracting(StatePage.Entry::key).containsExactly("a", "b");
    StatePage.Entry a = entry(kv, "a");
    StatePage.Entry b = entry(kv, "b");
    assertThat(a.deleted()).isTrue();
    assertThat(a.value()).as("the last value stays with its tombstone").hasValue("1");
    assertThat(b.deleted()).isFalse();
    assertThat(b.type()).isEqualTo("LWW_REGISTER");
    assertThat(b.value()).hasValue("2");
    assertThat(b.size()).isEmpty();
    assertThat(b.author()).hasValue(node.identities(ctx).get(0));
    DeltaId removalSummary = node.history(ctx, 1, Optional.empty()).deltas().get(0).id();
    assertThat(removalSummary).isEqualTo(removal);
    assertThat(a.hlc())
        .as("a deleted entry carries the stamp of its removal")
        .hasValue(Long.toString(node.history(ctx, 1, Optional.empty()).deltas().get(0).hlc()));

    StatePage past = node.state(ctx, Optional.of(first), "kv", 100, Optional.empty());
    assertThat(past.at()).hasValue(first);
    assertThat(past.entries()).extracting(StatePage.Entry::key).containsExactly("a");
    assertThat(entry(past, "a").deleted()).isFalse();
    assertThat(entry(past, "a").value()).hasValue("1");
    assertThat(node.state(ctx, Optional.of(first), "", 10, Optional.empty()).entries())
        .filteredOn(e -> e.key().equals("calls"))
        .extracting(e -> e.value().orElseThrow())
        .containsExactly("0");

    StatePage register = node.state(ctx, Optional.empty(), "kv/b", 10, Optional.empty());
    assertThat(register.type()).hasValue("LWW_REGISTER");
    assertThat(register.entries()).extracting(e -> e.value().orElseThrow()).containsExactly("2");

    ContextInfo after = node.get(ctx).orElseThrow();
    assertThat(after.rootHash()).as("browsing changes nothing").isEqualTo(before.rootHash());
    assertThat(after.dagHeads()).isEqualTo(before.dagHeads());
  }

  @Test
  void pagesCoverEveryEntryOnceInKeyOrderAndBadInputIsRefused() {
    ContextManager node = node("a");
    ContextId ctx = context(node);
    for (int i = 0; i < 25; i++) {
      set(node, ctx, String.format("k%02d", i), "v" + i);
    }
    List<String> keys = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    int pages = 0;
    do {
      StatePage page = node.state(ctx, Optional.empty(), "kv", 10, cursor);
      assertThat(page.entries().size()).isLessThanOrEqualTo(10);
      page.entries().forEach(e -> keys.add(e.key()));
      cursor = page.next();
      pages++;
    } while (cursor.isPresent());
    assertThat(pages).isEqualTo(3);
    assertThat(keys).hasSize(25).doesNotHaveDuplicates().isSorted();

    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv", 10, Optional.of("!!bad")))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("cursor");
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv", 10, Optional.of("aQ")))
        .as("a well-encoded cursor of another kind")
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv", 0, Optional.empty()))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv", 1001, Optional.empty()))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "nope", 10, Optional.empty()))
        .isInstanceOf(UnknownPathException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv/zz", 10, Optional.empty()))
        .isInstanceOf(UnknownPathException.class)
        .hasMessageContaining("'kv/zz'");
    assertThatThrownBy(() -> node.state(ctx, Optional.empty(), "kv//k01", 10, Optional.empty()))
        .isInstanceOf(InvalidArgumentsException.class);
    DeltaId unknown = DeltaId.of(Hash.sha256(new byte[] {7}));
    assertThatThrownBy(() -> node.state(ctx, Optional.of(unknown), "", 10, Optional.empty()))
        .isInstanceOf(UnknownDeltaException.class);
  }

  @Test
  void aDeltaIsComparedWithItsParentsPastAlsoForAMerge() {
    ContextManager a = node("a");
    ContextManager b = node("b");
    List<byte[]> fromA = new CopyOnWriteArrayList<>();
    List<byte[]> fromB = new CopyOnWriteArrayList<>();
    a.onCommit((c, envelope) -> fromA.add(envelope));
    b.onCommit((c, envelope) -> fromB.add(envelope));
    ContextId ctx = context(a);
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    fromA.forEach(b.replica(ctx)::applyRemote);
    DeltaId onA = set(a, ctx, "x", "1");
    DeltaId change = set(a, ctx, "x", "2");
    DeltaId onB = set(b, ctx, "y", "b");
    fromB.forEach(a.replica(ctx)::applyRemote);
    DeltaId merge = set(a, ctx, "z", "m");

    DeltaDiff normal = a.deltaDiff(ctx, change, 100);
    assertThat(normal.parents()).containsExactly(onA);
    assertThat(normal.changes().from()).isNull();
    assertThat(normal.changes().to()).isEqualTo(change);
    assertThat(normal.changes().collections().get("kv").changed())
        .containsExactly(new StateDiff.Change("x", "1", "2"));
    assertThat(normal.changes().collections().get("kv").added()).isEmpty();

    DeltaDiff merged = a.deltaDiff(ctx, merge, 100);
    assertThat(merged.parents()).containsExactlyInAnyOrder(change, onB);
    assertThat(merged.changes().collections()).containsOnlyKeys("kv");
    assertThat(merged.changes().collections().get("kv").added())
        .as("only the merge's own write: b's branch is in the state before it")
        .containsExactly(new StateDiff.Entry("z", "m"));
    assertThat(merged.changes().collections().get("kv").removed()).isEmpty();

    DeltaDiff fromB1 = a.deltaDiff(ctx, onB, 100);
    assertThat(fromB1.changes().collections().get("kv").added())
        .as("b's delta does not include a's branch")
        .containsExactly(new StateDiff.Entry("y", "b"));
    assertThat(a.deltaDiff(ctx, merge, 1).changes().truncated()).isFalse();
    DeltaId unknown = DeltaId.of(Hash.sha256(new byte[] {9}));
    assertThatThrownBy(() -> a.deltaDiff(ctx, unknown, 10))
        .isInstanceOf(UnknownDeltaException.class);
    assertThatThrownBy(() -> a.deltaDiff(ctx, merge, 0))
        .isInstanceOf(InvalidArgumentsException.class);
  }
}
