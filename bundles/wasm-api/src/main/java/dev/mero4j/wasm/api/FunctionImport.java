package dev.mero4j.wasm.api;

/** A function a module imports as {@code module.name}, with the type it expects. */
public record FunctionImport(String module, FunctionSignature signature) {
  /** Whether {@code host} satisfies this import: same module, name and type. */
  public boolean matches(HostImport host) {
    return module.equals(host.module()) && signature.equals(host.signature());
  }
}
