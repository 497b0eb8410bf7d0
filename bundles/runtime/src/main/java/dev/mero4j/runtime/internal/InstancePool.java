package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.internal.host.FrameRef;
import dev.mero4j.runtime.internal.host.HostAbi;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmInstance;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Reuses instances of one module across calls, each bound to its own {@link FrameRef}. An instance
 * goes back to the pool only after a call that completed normally; one that trapped, hit a limit or
 * whose app returned an error is closed, so no call ever sees the memory of a failed one. An
 * instance serves only the context of its first call: its linear memory carries over between calls
 * (an app's statics, its allocator), so reusing it for another context could hand that context what
 * the app kept from this one. The pool keeps at most {@link #MAX_IDLE} idle instances over all
 * contexts, dropping the least recently used. When the module's engine is swapped ({@link
 * SwappableModule}), idle instances of the old engine are closed instead of reused, while calls
 * already running finish on the instance they hold.
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

  /**
   * An instance, the frame reference its host functions read, the compilation it came from and the
   * context it serves.
   */
  record Pooled(WasmInstance instance, FrameRef frame, CompiledModule origin, ContextId owner) {}

  /** An idle instance that served {@code context} before, or a new one. */
  Pooled take(ContextId context) {
    CompiledModule source = SwappableModule.currentOf(module);
    for (Pooled pooled : idle) {
      if (pooled.origin() != source) {
        if (idle.remove(pooled)) {
          pooled.instance().close();
        }
      } else if (pooled.owner().equals(context) && idle.remove(pooled)) {
        return pooled;
      }
    }
    FrameRef ref = new FrameRef();
    return new Pooled(source.instantiate(HostAbi.imports(ref)), ref, source, context);
  }

  /**
   * Returns an instance after a successful call, or closes it when its engine was swapped; past
   * {@link #MAX_IDLE} idle instances the least recently used is closed.
   */
  void release(Pooled pooled) {
    pooled.frame().set(null);
    if (pooled.origin() != SwappableModule.currentOf(module)) {
      pooled.instance().close();
      return;
    }
    idle.addFirst(pooled);
    while (idle.size() > MAX_IDLE) {
      Pooled eldest = idle.pollLast();
      if (eldest != null) {
        eldest.instance().close();
      }
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
