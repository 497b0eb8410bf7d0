package dev.mero4j.storage.api;

/** A point-in-time read view of a whole {@link StorageEngine}. */
public interface StorageSnapshot extends AutoCloseable {
  /** A read view of keyspace {@code name} as it was when the snapshot was taken. */
  ReadableKeyspace keyspace(String name);

  @Override
  void close();
}
