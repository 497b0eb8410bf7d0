package dev.mero4j.storage.rocksdb;

import dev.mero4j.storage.tck.StorageCrashChild;

/** The process {@link RocksDbCrashTest} kills. */
public final class RocksDbCrashChild {
  private RocksDbCrashChild() {}

  public static void main(String[] args) {
    StorageCrashChild.run(new RocksDbStorageProvider(), args);
  }
}
