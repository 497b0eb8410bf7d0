package dev.mero4j.storage.rocksdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;

class RocksDbStorageEngineTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new RocksDbStorageProvider();
  }
}
