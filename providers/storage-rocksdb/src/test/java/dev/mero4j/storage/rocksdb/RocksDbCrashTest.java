package dev.mero4j.storage.rocksdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageCrashContractTest;
import java.nio.file.Path;
import java.util.Map;

/** SIGKILL crash contract with the default durability: the WAL is written but never fsynced. */
class RocksDbCrashTest extends StorageCrashContractTest {
  @Override
  protected StorageProvider provider() {
    return new RocksDbStorageProvider();
  }

  @Override
  protected Class<?> childMain() {
    return RocksDbCrashChild.class;
  }

  /** Killed children never delete their extracted JNI library: reuse one file in the test dir. */
  @Override
  protected Map<String, String> childEnvironment(Path scratch) {
    return Map.of("ROCKSDB_SHAREDLIB_DIR", scratch.toString());
  }
}
