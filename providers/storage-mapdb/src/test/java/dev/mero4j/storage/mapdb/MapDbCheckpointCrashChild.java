package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.tck.StorageCrashChild;

/**
 * The process {@link MapDbCheckpointCrashTest} kills: checkpoints every few batches (tiny overlay
 * bounds), so a kill lands as often in a checkpoint as in a log append.
 */
public final class MapDbCheckpointCrashChild {
  private MapDbCheckpointCrashChild() {}

  public static void main(String[] args) {
    System.setProperty("mero4j.mapdb.checkpoint.softBytes", "2048");
    System.setProperty("mero4j.mapdb.checkpoint.hardBytes", "8192");
    System.setProperty("mero4j.mapdb.checkpoint.maxAgeMillis", "5");
    StorageCrashChild.run(new MapDbStorageProvider(), args);
  }
}
