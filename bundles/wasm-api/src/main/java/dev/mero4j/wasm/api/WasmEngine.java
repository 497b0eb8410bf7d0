package dev.mero4j.wasm.api;

/** A WebAssembly engine; found through OSGi Declarative Services or ServiceLoader. */
public interface WasmEngine {
  /** Short stable name used in configuration, such as {@code chicory} or {@code wasmtime}. */
  String name();

  /** Whether the engine can run here; an unavailable engine says why. */
  Availability availability();

  /**
   * Validates, meters and compiles {@code wasm} under {@code limits}; the result may be cached.
   *
   * @throws InvalidModuleException if the bytes are not an acceptable module
   * @throws MemoryLimitExceededException if the module's minimum memory exceeds the cap
   * @throws EngineUnavailableException if {@link #availability()} is negative
   */
  CompiledModule compile(byte[] wasm, WasmLimits limits);

  /** Compiles under {@link WasmLimits#DEFAULT}. */
  default CompiledModule compile(byte[] wasm) {
    return compile(wasm, WasmLimits.DEFAULT);
  }

  /** Whether an engine can run, and why not. */
  record Availability(boolean available, String reason) {
    public static Availability yes() {
      return new Availability(true, "available");
    }

    public static Availability no(String reason) {
      return new Availability(false, reason);
    }
  }
}
