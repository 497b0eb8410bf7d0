package dev.mero4j.runtime.internal.host;

import dev.mero4j.crdt.CrdtException;
import dev.mero4j.wasm.api.HostFunction;
import dev.mero4j.wasm.api.HostImport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host ABI v1 (docs/abi.md): every host function an app may import, bound to a {@link
 * FrameRef}. Errors thrown by the state engine for bad guest input become {@link
 * AbiViolationException} traps.
 */
public final class HostAbi {
  /** ABI version apps declare in their {@code mero4j.abi} section. */
  public static final int VERSION = 1;

  /** Import module of every host function. */
  public static final String MODULE = "env";

  private HostAbi() {}

  public static List<HostImport> imports(FrameRef ref) {
    List<HostImport> all = new ArrayList<>();
    all.addAll(IoHost.imports(ref));
    all.addAll(EnvHost.imports(ref));
    all.addAll(CollectionHost.imports(ref));
    all.addAll(MapHost.imports(ref));
    all.addAll(SequenceHost.imports(ref));
    List<HostImport> guarded = new ArrayList<>(all.size());
    for (HostImport host : all) {
      guarded.add(new HostImport(host.module(), host.signature(), guard(host.function())));
    }
    return Collections.unmodifiableList(guarded);
  }

  /** Names of every host function, for validating a module's imports at install time. */
  public static Set<String> names() {
    Set<String> names = new TreeSet<>();
    for (HostImport host : imports(new FrameRef())) {
      names.add(host.signature().name());
    }
    return names;
  }

  private static HostFunction guard(HostFunction function) {
    return (memory, args) -> {
      try {
        return function.apply(memory, args);
      } catch (IndexOutOfBoundsException
          | IllegalArgumentException
          | IllegalStateException
          | ArithmeticException
          | UnsupportedOperationException
          | CrdtException
          | dev.mero4j.primitives.PrimitiveException e) {
        throw new AbiViolationException(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    };
  }
}
