package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.internal.InstancePoolSwapTest.FakeCompilation;
import org.junit.jupiter.api.Test;

/**
 * Contexts of one application share its pool, but an idle instance serves only the context it
 * served before; a reinstalled module gets a fresh pool.
 */
class InstancePoolsTest {
  private static final ApplicationId APP = ApplicationId.of(Hash.sha256(new byte[] {7}));
  private static final ApplicationId OTHER = ApplicationId.of(Hash.sha256(new byte[] {8}));
  private static final ContextId A = ContextId.of(Hash.sha256(new byte[] {10}));
  private static final ContextId B = ContextId.of(Hash.sha256(new byte[] {11}));

  @Test
  void anIdleInstanceServesOnlyTheContextItServedBefore() {
    FakeCompilation compiled = new FakeCompilation(Hash.sha256(new byte[] {1}));
    InstancePools pools = new InstancePools();
    InstancePool first = pools.of(APP, compiled);
    InstancePool second = pools.of(APP, compiled);
    assertThat(second).isSameAs(first);

    InstancePool.Pooled usedByA = first.take(A);
    first.release(usedByA);
    InstancePool.Pooled forB = second.take(B);
    assertThat(forB)
        .as("context B never gets the memory context A's calls left behind")
        .isNotSameAs(usedByA);
    second.release(forB);
    assertThat(first.take(A)).as("A's next call reuses A's instance").isSameAs(usedByA);
    assertThat(compiled.instances).hasSize(2);
    assertThat(pools.of(OTHER, compiled))
        .as("another application has its own pool")
        .isNotSameAs(first);
  }

  @Test
  void idleInstancesOverTheCapAreClosedLeastRecentlyUsedFirst() {
    FakeCompilation compiled = new FakeCompilation(Hash.sha256(new byte[] {4}));
    InstancePool pool = new InstancePools().of(APP, compiled);
    java.util.List<InstancePool.Pooled> used = new java.util.ArrayList<>();
    for (int i = 0; i <= InstancePool.MAX_IDLE; i++) {
      used.add(pool.take(ContextId.of(Hash.sha256(new byte[] {20, (byte) i}))));
    }
    used.forEach(pool::release);
    assertThat(((InstancePoolSwapTest.FakeInstance) used.get(0).instance()).closed)
        .as("the least recently released is closed")
        .isTrue();
    assertThat(used.subList(1, used.size()))
        .allMatch(p -> !((InstancePoolSwapTest.FakeInstance) p.instance()).closed);
  }

  @Test
  void aNewModuleForTheApplicationReplacesThePoolAndClosesItsIdleInstances() {
    FakeCompilation before = new FakeCompilation(Hash.sha256(new byte[] {1}));
    FakeCompilation after = new FakeCompilation(Hash.sha256(new byte[] {2}));
    InstancePools pools = new InstancePools();
    InstancePool old = pools.of(APP, before);
    old.release(old.take(A));

    InstancePool fresh = pools.of(APP, after);
    assertThat(fresh).isNotSameAs(old);
    assertThat(before.instances).allMatch(i -> i.closed);
    assertThat(fresh.take(A).origin()).isSameAs(after);
  }

  @Test
  void anInstanceWhoseCallFailedIsClosedAndNeverServesAnotherCall() {
    FakeCompilation compiled = new FakeCompilation(Hash.sha256(new byte[] {3}));
    InstancePool pool = new InstancePools().of(APP, compiled);
    InstancePool.Pooled trapped = pool.take(A);
    pool.discard(trapped);

    InstancePool.Pooled next = pool.take(A);
    assertThat(next).as("a trapped call's memory is never seen again").isNotSameAs(trapped);
    assertThat(((InstancePoolSwapTest.FakeInstance) trapped.instance()).closed).isTrue();
  }
}
