package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An engine swap under a pool: running calls keep their instance, idle ones of the old engine are
 * retired.
 */
class InstancePoolSwapTest {
  private static final ContextId CTX = ContextId.of(Hash.sha256(new byte[] {9}));

  private static final Hash SAME_BYTES = Hash.sha256(new byte[] {1});

  @Test
  void aCallInFlightFinishesOnTheOldEngineAndEveryLaterCallUsesTheNewOne() {
    FakeCompilation chicory = new FakeCompilation(SAME_BYTES);
    FakeCompilation wasmtime = new FakeCompilation(SAME_BYTES);
    SwappableModule module = new SwappableModule(chicory);
    InstancePool pool = new InstancePool(module);

    InstancePool.Pooled idle = pool.take(CTX);
    InstancePool.Pooled inFlight = pool.take(CTX);
    pool.release(idle);

    module.replace(wasmtime);
    assertThat(inFlight.origin()).as("the running call keeps its instance").isSameAs(chicory);
    pool.release(inFlight);
    assertThat(((FakeInstance) inFlight.instance()).closed)
        .as("released after the swap: closed, not pooled")
        .isTrue();

    InstancePool.Pooled next = pool.take(CTX);
    assertThat(next.origin()).isSameAs(wasmtime);
    assertThat(chicory.instances)
        .as("the idle instance of the old engine is retired")
        .allMatch(i -> i.closed);
    assertThat(chicory.instances).hasSize(2);
    pool.release(next);
    assertThat(pool.take(CTX)).as("instances of the new engine are reused").isSameAs(next);
  }

  @Test
  void aModuleIsOnlyReplacedByACompilationOfTheSameBytes() {
    SwappableModule module = new SwappableModule(new FakeCompilation(SAME_BYTES));
    assertThatThrownBy(() -> module.replace(new FakeCompilation(Hash.sha256(new byte[] {2}))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A compilation that records the instances it creates. */
  static final class FakeCompilation implements CompiledModule {
    final List<FakeInstance> instances = new ArrayList<>();
    private final Hash hash;

    FakeCompilation(Hash hash) {
      this.hash = hash;
    }

    @Override
    public Hash hash() {
      return hash;
    }

    @Override
    public List<FunctionSignature> exports() {
      return List.of();
    }

    @Override
    public List<FunctionImport> imports() {
      return List.of();
    }

    @Override
    public Optional<byte[]> customSection(String name) {
      return Optional.empty();
    }

    @Override
    public WasmInstance instantiate(List<HostImport> hostImports) {
      FakeInstance instance = new FakeInstance();
      instances.add(instance);
      return instance;
    }
  }

  /** An instance that only knows whether it was closed. */
  static final class FakeInstance implements WasmInstance {
    boolean closed;

    @Override
    public long[] call(String export, long... args) {
      return new long[0];
    }

    @Override
    public long[] call(CallLimits limits, String export, long... args) {
      return new long[0];
    }

    @Override
    public long instructionsUsed() {
      return 0;
    }

    @Override
    public GuestMemory memory() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
