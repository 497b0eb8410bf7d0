package dev.mero4j.wasm.api;

import java.util.Objects;

/**
 * Limits fixed when a module is compiled, plus the default limits of each call.
 *
 * @param maxModuleBytes cap on the module size accepted by {@link WasmEngine#compile}
 * @param maxMemoryBytes cap on linear memory; the module's declared maximum is lowered to it and a
 *     module whose minimum exceeds it is rejected
 * @param call limits of each call made with {@link WasmInstance#call(String, long...)}
 */
public record WasmLimits(int maxModuleBytes, long maxMemoryBytes, CallLimits call) {
  /** WebAssembly page size: memory limits are rounded down to whole pages. */
  public static final int PAGE_BYTES = 65_536;

  /** Calimero's limits: 20 MiB modules, 64 MiB (1024 pages) memory, {@link CallLimits#DEFAULT}. */
  public static final WasmLimits DEFAULT = new WasmLimits(20 << 20, 64L << 20, CallLimits.DEFAULT);

  public WasmLimits {
    if (maxModuleBytes < 8) {
      throw new IllegalArgumentException("maxModuleBytes must be >= 8: " + maxModuleBytes);
    }
    if (maxMemoryBytes < 0 || maxMemoryBytes > 65_536L * PAGE_BYTES) {
      throw new IllegalArgumentException("maxMemoryBytes out of range: " + maxMemoryBytes);
    }
    Objects.requireNonNull(call, "call");
  }

  /** The memory cap in 64 KiB pages. */
  public int maxMemoryPages() {
    return (int) (maxMemoryBytes / PAGE_BYTES);
  }

  public WasmLimits withMaxModuleBytes(int bytes) {
    return new WasmLimits(bytes, maxMemoryBytes, call);
  }

  public WasmLimits withMaxMemoryBytes(long bytes) {
    return new WasmLimits(maxModuleBytes, bytes, call);
  }

  public WasmLimits withCall(CallLimits limits) {
    return new WasmLimits(maxModuleBytes, maxMemoryBytes, limits);
  }
}
