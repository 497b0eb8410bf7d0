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
 * lives in the host, so a reused instance carries nothing a peer would need.
 */
final class InstancePool implements AutoCloseable {
  /** Idle instances kept; one per concurrent read-only call is plenty on a small node. */
  static final int MAX_IDLE = 4;

  private final CompiledModule module;
  private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();

  InstancePool(CompiledModule module) {
    this.module = module;
  }

  /** An instance and the frame reference its host functions read. */
  record Pooled(WasmInstance instance, FrameRef frame) {}

  Pooled take() {
    Pooled pooled = idle.pollFirst();
    if (pooled != null) {
      return pooled;
    }
    FrameRef ref = new FrameRef();
    return new Pooled(module.instantiate(HostAbi.imports(ref)), ref);
  }

  /** Returns an instance after a successful call, or closes it when the pool is full. */
  void release(Pooled pooled) {
    pooled.frame().set(null);
    if (idle.size() < MAX_IDLE) {
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
