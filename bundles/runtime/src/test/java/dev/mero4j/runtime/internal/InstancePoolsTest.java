package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.internal.InstancePoolSwapTest.FakeCompilation;
import org.junit.jupiter.api.Test;

/** Contexts of one application share its idle instances; a reinstalled module gets a fresh pool. */
class InstancePoolsTest {
  private static final ApplicationId APP = ApplicationId.of(Hash.sha256(new byte[] {7}));
  private static final ApplicationId OTHER = ApplicationId.of(Hash.sha256(new byte[] {8}));

  @Test
  void twoContextsOfOneApplicationReuseTheSameIdleInstance() {
    FakeCompilation compiled = new FakeCompilation(Hash.sha256(new byte[] {1}));
    InstancePools pools = new InstancePools();
    InstancePool first = pools.of(APP, compiled);
    InstancePool second = pools.of(APP, compiled);
    assertThat(second).isSameAs(first);

    InstancePool.Pooled used = first.take();
    first.release(used);
    assertThat(second.take())
        .as("the idle instance left by one context serves the next")
        .isSameAs(used);
    assertThat(compiled.instances).hasSize(1);
    assertThat(pools.of(OTHER, compiled))
        .as("another application has its own pool")
        .isNotSameAs(first);
  }

  @Test
  void aNewModuleForTheApplicationReplacesThePoolAndClosesItsIdleInstances() {
    FakeCompilation before = new FakeCompilation(Hash.sha256(new byte[] {1}));
    FakeCompilation after = new FakeCompilation(Hash.sha256(new byte[] {2}));
    InstancePools pools = new InstancePools();
    InstancePool old = pools.of(APP, before);
    old.release(old.take());

    InstancePool fresh = pools.of(APP, after);
    assertThat(fresh).isNotSameAs(old);
    assertThat(before.instances).allMatch(i -> i.closed);
    assertThat(fresh.take().origin()).isSameAs(after);
  }

  @Test
  void anInstanceWhoseCallFailedIsClosedAndNeverServesAnotherCall() {
    FakeCompilation compiled = new FakeCompilation(Hash.sha256(new byte[] {3}));
    InstancePool pool = new InstancePools().of(APP, compiled);
    InstancePool.Pooled trapped = pool.take();
    pool.discard(trapped);

    InstancePool.Pooled next = pool.take();
    assertThat(next).as("a trapped call's memory is never seen again").isNotSameAs(trapped);
    assertThat(((InstancePoolSwapTest.FakeInstance) trapped.instance()).closed).isTrue();
  }
}
