package dev.mero4j.wasm.api;

/**
 * One instantiated module with its own memory; confined to one thread at a time.
 *
 * <p>After a call fails, the instance's memory holds whatever the aborted call wrote; callers that
 * need all-or-nothing semantics use a fresh instance per call.
 */
public interface WasmInstance extends AutoCloseable {
  /** Calls an exported function under the module's default {@link CallLimits}. */
  long[] call(String export, long... args);

  /**
   * Calls an exported function under {@code limits}. Traps and limits surface as {@link
   * WasmException} subtypes; the call never hangs past the wall clock.
   */
  long[] call(CallLimits limits, String export, long... args);

  /**
   * Metered instructions executed by the last call, including a failed one. The same call on the
   * same module consumes the same count on every engine.
   */
  long instructionsUsed();

  /** The instance's linear memory (its first memory; empty if the module has none). */
  GuestMemory memory();

  @Override
  void close();
}
