package dev.mero4j.wasm.api;

/**
 * The Java side of an imported function.
 *
 * <p>Arguments and results are raw WebAssembly values in {@code long}s: i32 in the low 32 bits
 * (read with {@code (int)}), f32/f64 as IEEE bits. A host function aborts the whole call by
 * throwing: a {@link WasmException} (typically a {@link ResourceLimitException} or {@link
 * TrapException} subtype defined by the host ABI) is rethrown unchanged from {@link
 * WasmInstance#call}; any other runtime exception arrives wrapped in a {@link
 * HostFunctionException}.
 */
@FunctionalInterface
public interface HostFunction {
  long[] apply(GuestMemory memory, long[] args);
}
