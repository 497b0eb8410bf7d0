package dev.mero4j.wasm.api;

import dev.mero4j.primitives.Hash;
import java.util.List;
import java.util.Optional;

/** A validated, metered, compiled module that can be instantiated many times; thread-safe. */
public interface CompiledModule {
  /** SHA-256 of the module bytes as given to {@link WasmEngine#compile}. */
  Hash hash();

  /** The functions the module exports, in export order. */
  List<FunctionSignature> exports();

  /** The functions the module imports, in import order. */
  List<FunctionImport> imports();

  /** The payload of the first custom section called {@code name} (such as an embedded ABI). */
  Optional<byte[]> customSection(String name);

  /**
   * Creates an instance whose imports are satisfied by {@code hostImports} (matched by module, name
   * and signature; extra entries are ignored) and runs the module's start function.
   *
   * @throws UnresolvedImportException if an import has no matching host function
   */
  WasmInstance instantiate(List<HostImport> hostImports);
}
