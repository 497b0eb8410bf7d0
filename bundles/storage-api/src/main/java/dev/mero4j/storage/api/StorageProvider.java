package dev.mero4j.storage.api;

/**
 * A storage technology that can open engines; registered as an OSGi service and listed in {@code
 * META-INF/services} for {@link java.util.ServiceLoader}.
 */
public interface StorageProvider {
  /** Short stable name used in configuration, such as {@code mapdb} or {@code memory}. */
  String name();

  /** Opens (creating when absent) the store described by {@code config}. */
  StorageEngine open(StorageConfig config);
}
