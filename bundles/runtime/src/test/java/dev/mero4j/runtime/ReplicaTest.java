package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes exchanging sealed delta envelopes directly, in any order: the replica side of sync. */
class ReplicaTest {
  private static final WasmEngine ENGINE = new ChicoryWasmEngine();

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

  private record Node(ApplicationManager apps, ContextManager contexts, List<byte[]> sent) {}

  private Node node(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps = new ApplicationManager(storage, ENGINE, RuntimeLimits.DEFAULT);
    ContextManager contexts =
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom());
    List<byte[]> sent = new CopyOnWriteArrayList<>();
    contexts.onCommit((ctx, envelope) -> sent.add(envelope));
    return new Node(apps, contexts, sent);
  }

  private record Pair(Node a, Node b, ApplicationId app, ContextId ctx) {}

  /**
   * {@code joiner} joins {@code ctx} of {@code admin} with an invitation answered directly by
   * admin.
   */
  static void join(ContextManager joiner, ContextManager admin, ContextId ctx, MemberRole role) {
    joiner.setJoiner(Joiners.direct(admin));
    joiner.join(admin.invite(ctx, role, Duration.ofHours(1), Optional.empty()));
  }

  /** Two nodes with the probe app; a context created on a and joined (empty) on b. */
  private Pair pair() {
    Node a = node("a");
    Node b = node("b");
    ApplicationId app = a.apps().install(ContextManagerContractTest.probe, "t").id();
    b.apps().install(ContextManagerContractTest.probe, "t");
    ContextId ctx = a.contexts().create(app, "{}").contextId();
    join(b.contexts(), a.contexts(), ctx, MemberRole.MEMBER);
    return new Pair(a, b, app, ctx);
  }

  private static String call(Node n, ContextId ctx, String method, String args) {
    return n.contexts().execute(ctx, method, args, Optional.empty()).outputJson();
  }

  @Test
  void shuffledDuplicatedDeliveryConvergesToTheSameRoot() {
    Node a = node("a");
    Node b = node("b");
    ApplicationId app = a.apps().install(ContextManagerContractTest.probe, "t").id();
    b.apps().install(ContextManagerContractTest.probe, "t");
    ContextId ctx = a.contexts().create(app, "{}").contextId();
    for (int i = 0; i < 30; i++) {
      call(a, ctx, "set", "{\"key\":\"k" + (i % 7) + "\",\"value\":\"" + i + "\"}");
    }
    call(a, ctx, "type_text", "{\"pos\":0,\"text\":\"hello\"}");
    join(b.contexts(), a.contexts(), ctx, MemberRole.MEMBER);
    List<byte[]> delivery = new ArrayList<>(a.sent());
    delivery.addAll(a.sent().subList(0, 10));
    Collections.shuffle(delivery, new Random(7));
    ContextReplica replica = b.contexts().replica(ctx);
    for (byte[] envelope : delivery) {
      replica.applyRemote(envelope);
    }
    assertThat(replica.pendingCount()).isZero();
    assertThat(replica.rootHash()).isEqualTo(a.contexts().replica(ctx).rootHash());
    assertThat(replica.heads()).isEqualTo(a.contexts().replica(ctx).heads());
    assertThat(call(b, ctx, "get", "{\"key\":\"k3\"}"))
        .isEqualTo(call(a, ctx, "get", "{\"key\":\"k3\"}"));
    assertThat(call(b, ctx, "text", "{}")).isEqualTo("\"hello\"");
  }

  @Test
  void concurrentWritesOnBothSidesMerge() {
    Pair pair = pair();
    Node a = pair.a();
    Node b = pair.b();
    ContextId ctx = pair.ctx();
    a.sent().forEach(b.contexts().replica(ctx)::applyRemote);
    a.sent().clear();
    call(a, ctx, "set", "{\"key\":\"x\",\"value\":\"from-a\"}");
    call(b, ctx, "set", "{\"key\":\"y\",\"value\":\"from-b\"}");
    call(a, ctx, "bump", "{\"by\":2}");
    call(b, ctx, "bump", "{\"by\":3}");
    a.sent().forEach(b.contexts().replica(ctx)::applyRemote);
    b.sent().forEach(a.contexts().replica(ctx)::applyRemote);
    assertThat(a.contexts().replica(ctx).rootHash())
        .isEqualTo(b.contexts().replica(ctx).rootHash());
    assertThat(call(a, ctx, "bump", "{\"by\":0}")).isEqualTo("5");
    assertThat(call(a, ctx, "len", "{}")).isEqualTo("2");
  }

  @Test
  void remoteDeltasReachSubscribersAndRunNamedHandlers() {
    Pair pair = pair();
    Node a = pair.a();
    Node b = pair.b();
    ContextId ctx = pair.ctx();
    List<ContextEvent> seen = new CopyOnWriteArrayList<>();
    b.contexts().subscribe(Set.of(ctx), seen::add);
    call(a, ctx, "announce", "{\"key\":\"news\"}");
    a.sent().forEach(b.contexts().replica(ctx)::applyRemote);
    assertThat(seen)
        .anySatisfy(
            e ->
                assertThat(e.events())
                    .anySatisfy(ev -> assertThat(ev.kind()).isEqualTo("Announced")));
    assertThat(call(b, ctx, "handled", "{}"))
        .as("the runtime runs the handler itself")
        .isEqualTo("1");
    assertThat(call(b, ctx, "get", "{\"key\":\"seen:news\"}")).isEqualTo("\"1\"");
    assertThat(call(a, ctx, "handled", "{}"))
        .as("the emitter does not run its own handler")
        .isEqualTo("0");
    a.sent().forEach(b.contexts().replica(ctx)::applyRemote);
    assertThat(call(b, ctx, "handled", "{}")).as("a handler runs once per event").isEqualTo("1");
  }

  @Test
  void forgedTamperedAndForeignEnvelopesAreRejectedWithoutEffect() {
    Pair pair = pair();
    Node a = pair.a();
    Node b = pair.b();
    ContextId ctx = pair.ctx();
    ContextId other = a.contexts().create(pair.app(), "{}").contextId();
    ContextReplica replica = b.contexts().replica(ctx);
    var before = replica.rootHash();
    byte[] good = a.sent().get(0);
    byte[] tampered = good.clone();
    tampered[tampered.length / 2] ^= 1;
    assertThatThrownBy(() -> replica.applyRemote(tampered))
        .isInstanceOf(RejectedDeltaException.class);
    assertThatThrownBy(() -> replica.applyRemote(new byte[] {1, 2, 3}))
        .isInstanceOf(RejectedDeltaException.class);
    assertThatThrownBy(() -> replica.applyRemote(java.util.Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(RejectedDeltaException.class);
    byte[] foreign = a.sent().get(a.sent().size() - 1);
    assertThat(replica.applyRemote(foreign).status())
        .as("an envelope under a key no governance op here introduced waits; it never applies")
        .isEqualTo(ContextReplica.RemoteOutcome.Status.PENDING);
    assertThat(replica.awaitingGovernanceCount()).isEqualTo(1);
    assertThat(replica.rootHash()).isEqualTo(before);
    assertThat(replica.applyRemote(good).status())
        .isEqualTo(ContextReplica.RemoteOutcome.Status.APPLIED);
  }

  /** Issue 16, item 6: before, 4,096 envelopes of up to 16 MiB each could wait per context. */
  @Test
  void envelopesWaitingForGovernanceAreCappedInBytesOldestFirst() {
    Pair pair = pair();
    Node a = pair.a();
    ContextId other = a.contexts().create(pair.app(), "{}").contextId();
    call(a, other, "set", "{\"key\":\"big\",\"value\":\"" + "x".repeat(48 << 10) + "\"}");
    byte[] foreign = a.sent().get(a.sent().size() - 1);
    ContextReplica replica = pair.b().contexts().replica(pair.ctx());
    long cap = 32L << 20; // AwaitingEnvelopes.MAX_BYTES
    int sent = (int) (2 * cap / foreign.length);
    for (int i = 0; i < sent; i++) {
      byte[] junk = foreign.clone();
      junk[junk.length - 1 - (i % 64)] ^= (byte) (1 + i / 64);
      assertThat(replica.applyRemote(junk).status())
          .isEqualTo(ContextReplica.RemoteOutcome.Status.PENDING);
    }
    assertThat(replica.awaitingGovernanceBytes())
        .isLessThanOrEqualTo(cap)
        .isGreaterThan(cap - foreign.length);
    assertThat(replica.awaitingGovernanceCount()).isLessThan(sent);
  }
}
