package dev.mero4j.runtime.internal;

import dev.mero4j.runtime.internal.host.FrameRef;
import dev.mero4j.runtime.internal.host.HostAbi;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmInstance;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reuses instances of one module across calls, each bound to its own {@link FrameRef}. An instance
 * goes back to the pool only after a call that completed normally; one that trapped, hit a limit or
 * whose app returned an error is closed, so no call ever sees the memory of a failed one. App state
 * lives in the host, so a reused instance carries nothing a peer would need. When the module's
 * engine is swapped ({@link SwappableModule}), idle instances of the old engine are closed instead
 * of reused, while calls already running finish on the instance they hold.
 */
final class InstancePool implements AutoCloseable {
  /** Idle instances kept per application; one per concurrent call is plenty on a small node. */
  static final int MAX_IDLE = 4;

  private final CompiledModule module;
  private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();

  InstancePool(CompiledModule module) {
    this.module = module;
  }

  CompiledModule module() {
    return module;
  }

  /** An instance, the frame reference its host functions read, and the compilation it came from. */
  record Pooled(WasmInstance instance, FrameRef frame, CompiledModule origin) {}

  Pooled take() {
    CompiledModule source = SwappableModule.currentOf(module);
    for (Pooled pooled; (pooled = idle.pollFirst()) != null; ) {
      if (pooled.origin() == source) {
        return pooled;
      }
      pooled.instance().close();
    }
    FrameRef ref = new FrameRef();
    return new Pooled(source.instantiate(HostAbi.imports(ref)), ref, source);
  }

  /**
   * Returns an instance after a successful call, or closes it when the pool is full or its engine
   * was swapped.
   */
  void release(Pooled pooled) {
    pooled.frame().set(null);
    if (idle.size() < MAX_IDLE && pooled.origin() == SwappableModule.currentOf(module)) {
      idle.addFirst(pooled);
    } else {
      pooled.instance().close();
    }
  }

  /** Closes an instance after a failed call. */
  void discard(Pooled pooled) {
    pooled.frame().set(null);
    pooled.instance().close();
  }

  @Override
  public void close() {
    for (Pooled pooled; (pooled = idle.pollFirst()) != null; ) {
      pooled.instance().close();
    }
  }
}
