package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageCrashContractTest;

/** SIGKILL crash contract with the default durability (nothing forced to disk). */
class MapDbCrashTest extends StorageCrashContractTest {
  @Override
  protected StorageProvider provider() {
    return new MapDbStorageProvider();
  }

  @Override
  protected Class<?> childMain() {
    return MapDbCrashChild.class;
  }
}
