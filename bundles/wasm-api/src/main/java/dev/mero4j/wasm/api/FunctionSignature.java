package dev.mero4j.wasm.api;

import java.util.List;
import java.util.Objects;

/** The name and type of an exported or imported function. */
public record FunctionSignature(String name, List<ValueType> params, List<ValueType> results) {
  public FunctionSignature {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    results = List.copyOf(results);
  }

  @Override
  public String toString() {
    return name + params + "->" + results;
  }
}
