package dev.mero4j.wasm.api;

/** The WebAssembly number types a host function may take or return. */
public enum ValueType {
  I32,
  I64,
  F32,
  F64
}
