package dev.mero4j.wasm.metering;

import dev.mero4j.primitives.Hash;
import dev.mero4j.wasm.api.ExportSignatureException;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.NoSuchExportException;
import dev.mero4j.wasm.api.UnresolvedImportException;
import dev.mero4j.wasm.api.WasmLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module after {@link Metering#instrument}: the bytes an engine compiles, plus the original
 * module's interface (imports, exports, custom sections) that the SPI reports.
 */
public final class MeteredModule {
  private final Hash hash;
  private final byte[] bytes;
  private final List<FunctionImport> imports;
  private final Map<String, FunctionSignature> exports;
  private final Map<String, byte[]> customSections;
  private final String memoryExport;
  private final long memoryMinPages;
  private final long memoryMaxPages;
  private final boolean hasStart;
  private final WasmLimits limits;

  MeteredModule(
      Hash hash,
      byte[] bytes,
      ModuleReader module,
      String memoryExport,
      long memoryMinPages,
      long memoryMaxPages,
      WasmLimits limits) {
    this.hash = hash;
    this.bytes = bytes;
    this.imports = List.copyOf(module.imports);
    Map<String, FunctionSignature> byName = new LinkedHashMap<>();
    for (ModuleReader.Export e : module.exports) {
      if (e.kind() == 0) {
        int type = module.functionType(e.index());
        byName.put(e.name(), module.types.get(type).toSignature(e.name()));
      }
    }
    this.exports = Collections.unmodifiableMap(byName);
    Map<String, byte[]> customs = new LinkedHashMap<>();
    for (ModuleReader.Section s : module.sections) {
      if (s.id() == ModuleReader.CUSTOM) {
        customs.putIfAbsent(
            s.customName(), java.util.Arrays.copyOfRange(module.module, s.start(), s.end()));
      }
    }
    this.customSections = customs;
    this.memoryExport = memoryExport;
    this.memoryMinPages = memoryMinPages;
    this.memoryMaxPages = memoryMaxPages;
    this.hasStart = module.start >= 0;
    this.limits = limits;
  }

  /** SHA-256 of the original module bytes. */
  public Hash hash() {
    return hash;
  }

  /** The instrumented module bytes (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Number of instrumented bytes. */
  public int size() {
    return bytes.length;
  }

  /** The original module's function imports, in import order. */
  public List<FunctionImport> imports() {
    return imports;
  }

  /** The original module's function exports, in export order. */
  public List<FunctionSignature> exports() {
    return List.copyOf(exports.values());
  }

  /** The first custom section named {@code name}, from the original bytes. */
  public Optional<byte[]> customSection(String name) {
    byte[] payload = customSections.get(name);
    return payload == null ? Optional.empty() : Optional.of(payload.clone());
  }

  /** Name under which the instrumented module exports its memory, or null if it has none. */
  public String memoryExport() {
    return memoryExport;
  }

  /** Declared minimum memory in pages (0 without memory). */
  public long memoryMinPages() {
    return memoryMinPages;
  }

  /** Memory maximum in pages after capping, or -1 without memory. */
  public long memoryMaxPages() {
    return memoryMaxPages;
  }

  /** Whether the provider must call {@link Metering#START_EXPORT} after instantiating. */
  public boolean hasStart() {
    return hasStart;
  }

  /** The limits the module was instrumented under. */
  public WasmLimits limits() {
    return limits;
  }

  /** The exported function {@code name}. */
  public FunctionSignature export(String name) {
    FunctionSignature signature = exports.get(name);
    if (signature == null) {
      throw new NoSuchExportException("module exports no function '" + name + "'");
    }
    return signature;
  }

  /** Checks that {@code args} fit the export's parameters, returning the signature. */
  public FunctionSignature checkCall(String name, long[] args) {
    FunctionSignature signature = export(name);
    checkArguments(signature, args);
    return signature;
  }

  /** Checks that {@code args} fit {@code signature}'s parameters. */
  public static void checkArguments(FunctionSignature signature, long[] args) {
    if (signature.params().size() != args.length) {
      throw new ExportSignatureException(
          "export "
              + signature
              + " takes "
              + signature.params().size()
              + " arguments, got "
              + args.length);
    }
  }

  /**
   * Picks, for each import of the module in order, the host function that satisfies it.
   *
   * @throws UnresolvedImportException naming the first import without a match
   */
  public List<HostImport> resolve(List<HostImport> hostImports) {
    List<HostImport> resolved = new ArrayList<>(imports.size());
    for (FunctionImport wanted : imports) {
      HostImport match = null;
      HostImport sameName = null;
      for (HostImport offered : hostImports) {
        if (wanted.matches(offered)) {
          match = offered;
          break;
        }
        if (wanted.module().equals(offered.module())
            && wanted.signature().name().equals(offered.signature().name())) {
          sameName = offered;
        }
      }
      if (match == null) {
        throw new UnresolvedImportException(
            sameName == null
                ? "unknown import " + wanted.module() + "." + wanted.signature()
                : "import "
                    + wanted.module()
                    + "."
                    + wanted.signature()
                    + " is offered with another type: "
                    + sameName.signature());
      }
      resolved.add(match);
    }
    return resolved;
  }
}
