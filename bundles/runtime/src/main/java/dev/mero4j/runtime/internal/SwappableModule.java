package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.WasmInstance;
import java.util.List;
import java.util.Optional;

/**
 * A compiled module whose engine can be replaced while it runs: new instances come from the current
 * compilation, instances already created keep running on the engine that made them.
 */
public final class SwappableModule implements CompiledModule {
  private volatile CompiledModule current;

  public SwappableModule(CompiledModule first) {
    this.current = first;
  }

  /** The compilation new instances are created from. */
  public CompiledModule current() {
    return current;
  }

  /**
   * Makes {@code next} (the same module compiled by another engine) the source of new instances.
   */
  public void replace(CompiledModule next) {
    if (!next.hash().equals(current.hash())) {
      throw new IllegalArgumentException(
          "a module can only be replaced by a compilation of the same bytes");
    }
    current = next;
  }

  /** The compilation behind {@code module}: itself unless it is swappable. */
  static CompiledModule currentOf(CompiledModule module) {
    return module instanceof SwappableModule swappable ? swappable.current() : module;
  }

  @Override
  public Hash hash() {
    return current.hash();
  }

  @Override
  public List<FunctionSignature> exports() {
    return current.exports();
  }

  @Override
  public List<FunctionImport> imports() {
    return current.imports();
  }

  @Override
  public Optional<byte[]> customSection(String name) {
    return current.customSection(name);
  }

  @Override
  public WasmInstance instantiate(List<HostImport> hostImports) {
    return current.instantiate(hostImports);
  }
}
