package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.wasm.api.CompiledModule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance pool per application, shared by every context of it, so a node with many contexts of
 * one app keeps a few idle instances in all, not one per context; each idle instance serves only
 * the context it served before ({@link InstancePool}).
 */
public final class InstancePools {
  private final Map<ApplicationId, InstancePool> pools = new ConcurrentHashMap<>();

  /**
   * The pool of {@code application}; a new one when the application's module changed (reinstalled).
   */
  InstancePool of(ApplicationId application, CompiledModule module) {
    return pools.compute(
        application,
        (id, pool) -> {
          if (pool != null && pool.module() == module) {
            return pool;
          }
          if (pool != null) {
            pool.close();
          }
          return new InstancePool(module);
        });
  }
}
