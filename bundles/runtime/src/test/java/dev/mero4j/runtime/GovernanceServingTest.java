package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.ReplicaLog.RemoteOutcome;
import dev.mero4j.runtime.internal.ReplicaSide;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving governance ops and key deliveries to peers: no fold of the log per served op, and neither
 * the sealing nor the X25519 key wraps hold the context's write lock (issue 16, item 9).
 */
class GovernanceServingTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private final ParkingRandom random = new ParkingRandom();

  /** Randomness that parks the one armed thread at its next draw until released. */
  private static final class ParkingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private transient volatile Thread armed;
    private final transient CountDownLatch entered = new CountDownLatch(1);
    private final transient CountDownLatch release = new CountDownLatch(1);

    void armThisThread() {
      armed = Thread.currentThread();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (Thread.currentThread() == armed) {
        armed = null;
        entered.countDown();
        try {
          release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.nextBytes(bytes);
    }
  }

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    random.release.countDown();
    open.forEach(StorageEngine::close);
  }

  private StorageEngine storage(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    return storage;
  }

  private static ContextManager contexts(StorageEngine storage, SecureRandom random) {
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    apps.install(ContextManagerContractTest.probe, "t");
    return new ContextManager(storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), random);
  }

  private static ContextId create(ContextManager contexts) {
    return contexts
        .create(ApplicationId.of(Hash.sha256(ContextManagerContractTest.probe)), "{}")
        .contextId();
  }

  private static String set(ContextManager contexts, ContextId ctx) {
    return contexts
        .execute(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty())
        .outputJson();
  }

  private static long resolutions(ContextManager contexts, ContextId ctx) {
    return ((ReplicaSide) contexts.replica(ctx))
        .context()
        .membership(g -> g.membership().log().resolutionCount());
  }

  @Test
  void keyWrapsForAPeerDoNotHoldUpALocalCommit() throws InterruptedException {
    ContextManager a = contexts(storage("a"), random);
    ContextManager b = contexts(storage("b"), new SecureRandom());
    ContextId ctx = create(a);
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    PublicKey member = b.identities(ctx).get(0);

    CompletableFuture<List<byte[]>> wraps =
        CompletableFuture.supplyAsync(
            () -> {
              random.armThisThread();
              return a.replica(ctx).wrappedKeysFor(member);
            });
    assertThat(random.entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThat(CompletableFuture.supplyAsync(() -> set(a, ctx))).succeedsWithin(PROMPTLY);
    random.release.countDown();
    assertThat(wraps).succeedsWithin(PROMPTLY).asList().hasSize(1);
    b.replica(ctx).acceptKeys(wraps.join());
  }

  @Test
  void sealingServedOpsDoesNotHoldUpALocalCommit() throws InterruptedException {
    StorageEngine storage = storage("a");
    ContextManager first = contexts(storage, new SecureRandom());
    ContextManager b = contexts(storage("b"), new SecureRandom());
    ContextId ctx = create(first);
    ReplicaTest.join(b, first, ctx, MemberRole.MEMBER);
    first.removeMember(
        ctx, b.identities(ctx).get(0)); // a new key; the old ops stay sealed as before
    // A restart: the first seal under the old key draws this instance's nonce stream for it.
    ContextManager a = contexts(storage, random);

    CompletableFuture<List<byte[]>> served =
        CompletableFuture.supplyAsync(
            () -> {
              random.armThisThread();
              return a.replica(ctx).governanceOps(List.of());
            });
    assertThat(random.entered.await(1, TimeUnit.MINUTES)).isTrue();

    assertThat(CompletableFuture.supplyAsync(() -> set(a, ctx))).succeedsWithin(PROMPTLY);
    random.release.countDown();
    assertThat(served).succeedsWithin(PROMPTLY).asList().hasSize(3);
  }

  @Test
  void servingOpsOfALongLogFoldsNoCutEvenAfterARestart() {
    StorageEngine storage = storage("a");
    ContextManager a = contexts(storage, new SecureRandom());
    ContextManager b = contexts(storage("b"), new SecureRandom());
    ContextId ctx = create(a);
    ReplicaTest.join(b, a, ctx, MemberRole.MEMBER);
    PublicKey member = b.identities(ctx).get(0);
    int roleChanges = 200; // far more cuts than the log keeps resolved states for
    for (int i = 0; i < roleChanges; i++) {
      a.setRole(ctx, member, i % 2 == 0 ? MemberRole.READ_ONLY : MemberRole.MEMBER);
    }
    int n = roleChanges + 2;
    List<GovernanceOpId> some =
        List.copyOf(
            ((ReplicaSide) a.replica(ctx))
                .context()
                .membership(g -> g.membership().log().ops().stream().map(op -> op.id()).toList())
                .subList(0, 10));

    long before = resolutions(a, ctx);
    assertThat(a.replica(ctx).governanceOps(List.of())).hasSize(n);
    assertThat(a.replica(ctx).governanceOps(some)).hasSize(10);
    assertThat(resolutions(a, ctx) - before).isZero();

    ContextManager restarted = contexts(storage, new SecureRandom());
    restarted.replica(ctx).heads();
    long afterRestart = resolutions(restarted, ctx);
    List<byte[]> served = restarted.replica(ctx).governanceOps(List.of());
    assertThat(served).hasSize(n);
    assertThat(resolutions(restarted, ctx) - afterRestart).isZero();
    for (byte[] op : served) {
      assertThat(b.replica(ctx).applyGovernance(op).status())
          .isIn(RemoteOutcome.Status.APPLIED, RemoteOutcome.Status.DUPLICATE);
    }
  }
}
