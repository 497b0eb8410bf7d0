package dev.mero4j.wasm.chicory.internal;

import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Bounded least-recently-used cache of compiled modules; compiles outside the lock. */
public final class ModuleCache {
  private final int capacity;
  private final Map<String, ChicoryCompiledModule> entries;

  public ModuleCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** The cached module for {@code key} with {@code limits}, compiling it on a miss. */
  public CompiledModule get(
      String key, WasmLimits limits, Supplier<ChicoryCompiledModule> compiler) {
    ChicoryCompiledModule cached;
    synchronized (entries) {
      cached = entries.get(key);
    }
    if (cached == null) {
      cached = compiler.get();
      synchronized (entries) {
        entries.putIfAbsent(key, cached);
        cached = entries.get(key);
        while (entries.size() > capacity) {
          entries.remove(entries.keySet().iterator().next());
        }
      }
    }
    return cached.withLimits(limits);
  }

  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
