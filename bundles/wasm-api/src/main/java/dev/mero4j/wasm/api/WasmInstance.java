package dev.mero4j.wasm.api;

/** One instantiated module with its own memory; not thread-safe. */
public interface WasmInstance extends AutoCloseable {
  /** Calls an exported function; traps and limits surface as {@link WasmException} subtypes. */
  long[] call(String export, long... args);

  /** The instance's linear memory. */
  GuestMemory memory();

  @Override
  void close();
}
