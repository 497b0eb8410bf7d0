package dev.mero4j.wasm.api;

import java.util.List;
import java.util.Objects;

/** A host function offered to modules under {@code module.name}. */
public record HostImport(String module, FunctionSignature signature, HostFunction function) {
  public HostImport {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(function, "function");
  }

  /**
   * Shorthand for {@code new HostImport(module, new FunctionSignature(name, params, results), fn)}.
   */
  public static HostImport of(
      String module,
      String name,
      List<ValueType> params,
      List<ValueType> results,
      HostFunction fn) {
    return new HostImport(module, new FunctionSignature(name, params, results), fn);
  }
}
