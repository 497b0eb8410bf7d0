package dev.mero4j.wasm.api;

/** The Java side of an imported function. */
@FunctionalInterface
public interface HostFunction {
  /** Runs the call; throwing a {@link WasmException} traps the guest. */
  long[] apply(GuestMemory memory, long[] args);
}
