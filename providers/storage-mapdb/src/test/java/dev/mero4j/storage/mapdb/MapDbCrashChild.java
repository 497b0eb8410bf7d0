package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.tck.StorageCrashChild;

/** The process {@link MapDbCrashTest} kills. */
public final class MapDbCrashChild {
  private MapDbCrashChild() {}

  public static void main(String[] args) {
    StorageCrashChild.run(new MapDbStorageProvider(), args);
  }
}
