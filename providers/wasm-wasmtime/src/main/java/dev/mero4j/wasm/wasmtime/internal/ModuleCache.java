package dev.mero4j.wasm.wasmtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Bounded least-recently-used cache of compiled modules; compiles outside the lock. An evicted
 * module's native code is freed once no one references it (see {@link WasmtimeCompiledModule}).
 */
public final class ModuleCache {
  private final int capacity;
  private final Map<String, WasmtimeCompiledModule> entries = new LinkedHashMap<>(16, 0.75f, true);

  public ModuleCache(int capacity) {
    this.capacity = capacity;
  }

  public WasmtimeCompiledModule get(String key, Supplier<WasmtimeCompiledModule> compiler) {
    WasmtimeCompiledModule cached;
    synchronized (entries) {
      cached = entries.get(key);
    }
    if (cached == null) {
      WasmtimeCompiledModule compiled = compiler.get();
      synchronized (entries) {
        cached = entries.computeIfAbsent(key, k -> compiled);
        while (entries.size() > capacity) {
          entries.remove(entries.keySet().iterator().next());
        }
      }
    }
    return cached;
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
