package dev.mero4j.runtime;

import dev.mero4j.wasm.api.WasmLimits;

/**
 * Per-call limits of the host ABI, on top of the engine's {@link WasmLimits}. Calimero's limits are
 * the model; every one is a typed error that discards the call's writes.
 *
 * @param wasm engine limits: instructions, memory, module size, call depth, wall clock
 * @param maxArgsBytes largest argument JSON a client may send
 * @param maxReturnBytes largest JSON result an app may return
 * @param maxLogs log lines per call
 * @param maxLogBytes bytes per log line
 * @param maxEvents events per call
 * @param maxEventBytes payload bytes per event
 * @param maxKeyBytes bytes per collection key
 * @param maxValueBytes bytes per stored value
 * @param maxRegisters live registers per call
 * @param maxRegisterBytes total register bytes per call
 */
public record RuntimeLimits(
    WasmLimits wasm,
    int maxArgsBytes,
    int maxReturnBytes,
    int maxLogs,
    int maxLogBytes,
    int maxEvents,
    int maxEventBytes,
    int maxKeyBytes,
    int maxValueBytes,
    int maxRegisters,
    long maxRegisterBytes) {

  /**
   * Events one call may emit and one delta may carry: the decoder of peers' envelopes refuses more,
   * so no configuration may allow a call more.
   */
  public static final int MAX_EVENTS = 256;

  public RuntimeLimits {
    if (maxEvents < 0 || maxEvents > MAX_EVENTS) {
      throw new IllegalArgumentException("maxEvents must be 0.." + MAX_EVENTS);
    }
  }

  /** The defaults documented in docs/abi.md. */
  public static final RuntimeLimits DEFAULT =
      new RuntimeLimits(
          WasmLimits.DEFAULT,
          10 << 20,
          4 << 20,
          1024,
          16 << 10,
          MAX_EVENTS,
          64 << 10,
          4 << 10,
          4 << 20,
          64,
          16L << 20);

  public RuntimeLimits withWasm(WasmLimits limits) {
    return new RuntimeLimits(
        limits,
        maxArgsBytes,
        maxReturnBytes,
        maxLogs,
        maxLogBytes,
        maxEvents,
        maxEventBytes,
        maxKeyBytes,
        maxValueBytes,
        maxRegisters,
        maxRegisterBytes);
  }
}
