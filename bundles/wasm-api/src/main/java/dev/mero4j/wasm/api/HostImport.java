package dev.mero4j.wasm.api;

/** A host function offered to a module under {@code module.name}. */
public record HostImport(String module, FunctionSignature signature, HostFunction function) {}
