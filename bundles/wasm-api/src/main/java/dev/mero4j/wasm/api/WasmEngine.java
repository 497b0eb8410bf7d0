package dev.mero4j.wasm.api;

/** A WebAssembly engine; found through OSGi or ServiceLoader. */
public interface WasmEngine {
  /** Short stable name used in configuration, such as {@code chicory} or {@code wasmtime}. */
  String name();

  /** Whether the engine can run here; an unavailable engine says why. */
  Availability availability();

  /** Validates and compiles {@code wasm} under {@code limits}; the result may be cached. */
  CompiledModule compile(byte[] wasm, WasmLimits limits);

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
