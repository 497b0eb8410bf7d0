package dev.mero4j.wasm.api;

import dev.mero4j.primitives.Hash;
import java.util.List;

/** A validated, compiled module that can be instantiated many times. */
public interface CompiledModule {
  /** SHA-256 of the module bytes as given to {@link WasmEngine#compile}. */
  Hash hash();

  /** The functions the module exports. */
  List<FunctionSignature> exports();

  /** Creates an instance whose imports are satisfied by {@code imports}. */
  WasmInstance instantiate(List<HostImport> imports);
}
