package dev.mero4j.storage.rocksdb;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;
import java.nio.file.Path;

/** The contract again with every write fsynced ({@link Durability#MACHINE_CRASH}). */
class RocksDbMachineCrashDurabilityTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new RocksDbStorageProvider();
  }

  @Override
  protected StorageConfig config(Path dir) {
    return new StorageConfig(dir, Durability.MACHINE_CRASH, 0);
  }
}
