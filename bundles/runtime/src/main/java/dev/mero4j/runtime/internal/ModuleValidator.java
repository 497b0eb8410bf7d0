package dev.mero4j.runtime.internal;

import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.internal.host.FrameRef;
import dev.mero4j.runtime.internal.host.HostAbi;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import java.util.List;

/** Checks at install time that a module fits the host ABI, so bad apps fail early with a reason. */
public final class ModuleValidator {
  private static final List<HostImport> HOST = HostAbi.imports(new FrameRef());

  private ModuleValidator() {}

  /** Returns the module's manifest after checking its ABI section, exports and imports. */
  public static AppManifest validate(CompiledModule module) {
    byte[] section =
        module
            .customSection(AppManifest.SECTION)
            .orElseThrow(
                () ->
                    new InvalidApplicationException(
                        "the module has no "
                            + AppManifest.SECTION
                            + " custom section; build it with the Mero4j SDK"));
    AppManifest manifest = AppManifest.parse(section);
    for (AppAbi.Method method : manifest.abi().methods()) {
      FunctionSignature export =
          module.exports().stream()
              .filter(e -> e.name().equals(method.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new InvalidApplicationException(
                          "method " + method.name() + " is listed in the ABI but not exported"));
      if (!export.params().isEmpty() || !export.results().isEmpty()) {
        throw new InvalidApplicationException(
            "method "
                + method.name()
                + " must have type () -> (), has "
                + export.params()
                + " -> "
                + export.results());
      }
    }
    for (FunctionImport wanted : module.imports()) {
      if (HOST.stream().noneMatch(wanted::matches)) {
        throw new InvalidApplicationException(
            "the module imports "
                + wanted.module()
                + "."
                + wanted.signature().name()
                + wanted.signature().params()
                + " -> "
                + wanted.signature().results()
                + ", which host ABI "
                + HostAbi.VERSION
                + " does not provide");
      }
    }
    return manifest;
  }
}
