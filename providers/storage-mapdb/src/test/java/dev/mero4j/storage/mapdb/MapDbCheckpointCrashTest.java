package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageCrashContractTest;

/**
 * SIGKILL crash contract with checkpoints every few batches: kills land in redo-log appends, in log
 * rotations and while a checkpoint writes either copy of the B-tree files.
 */
class MapDbCheckpointCrashTest extends StorageCrashContractTest {
  @Override
  protected StorageProvider provider() {
    return new MapDbStorageProvider();
  }

  @Override
  protected Class<?> childMain() {
    return MapDbCheckpointCrashChild.class;
  }
}
