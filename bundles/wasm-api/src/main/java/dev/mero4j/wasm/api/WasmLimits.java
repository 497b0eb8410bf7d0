package dev.mero4j.wasm.api;

import java.time.Duration;

/**
 * Resource limits applied to every call.
 *
 * @param instructionBudget deterministic budget of metered instructions per call
 * @param maxMemoryBytes cap on linear memory
 * @param maxModuleBytes cap on the module size accepted by compile
 * @param wallClock watchdog that interrupts a call running longer than this
 */
public record WasmLimits(
    long instructionBudget, long maxMemoryBytes, int maxModuleBytes, Duration wallClock) {
  /** Calimero-compatible defaults: 1e9 instructions, 64 MiB memory, 20 MiB modules, 30 s. */
  public static final WasmLimits DEFAULT =
      new WasmLimits(1_000_000_000L, 64L << 20, 20 << 20, Duration.ofSeconds(30));
}
