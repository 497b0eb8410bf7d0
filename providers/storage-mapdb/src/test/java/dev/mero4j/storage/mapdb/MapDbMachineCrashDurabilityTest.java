package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;
import java.nio.file.Path;

/** The contract again with every commit fsynced ({@link Durability#MACHINE_CRASH}). */
class MapDbMachineCrashDurabilityTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new MapDbStorageProvider();
  }

  @Override
  protected StorageConfig config(Path dir) {
    return new StorageConfig(dir, Durability.MACHINE_CRASH, 0);
  }
}
