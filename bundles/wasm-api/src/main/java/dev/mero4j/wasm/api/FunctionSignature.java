package dev.mero4j.wasm.api;

import java.util.List;

/** The name and type of an exported or imported function. */
public record FunctionSignature(String name, List<ValueType> params, List<ValueType> results) {
  public FunctionSignature {
    params = List.copyOf(params);
    results = List.copyOf(results);
  }
}
