package dev.mero4j.node;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The providers deployed in a node, by name. Built by OSGi Declarative Services inside a framework,
 * or from {@link ServiceLoader} on a plain class or module path.
 */
public record ProviderSet(
    Map<String, StorageProvider> storage,
    Map<String, TransportProvider> transports,
    Map<String, WasmEngine> wasmEngines) {

  public ProviderSet {
    storage = Map.copyOf(storage);
    transports = Map.copyOf(transports);
    wasmEngines = Map.copyOf(wasmEngines);
  }

  /** Finds every provider visible to {@code loader} through {@code META-INF/services}. */
  public static ProviderSet fromServiceLoader(ClassLoader loader) {
    return new ProviderSet(
        load(StorageProvider.class, loader, StorageProvider::name),
        load(TransportProvider.class, loader, TransportProvider::name),
        load(WasmEngine.class, loader, WasmEngine::name));
  }

  private static <T> Map<String, T> load(
      Class<T> type, ClassLoader loader, Function<T, String> name) {
    Map<String, T> byName = new TreeMap<>();
    for (T provider : ServiceLoader.load(type, loader)) {
      byName.putIfAbsent(name.apply(provider), provider);
    }
    return byName;
  }
}
