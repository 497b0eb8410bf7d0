package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;

class MapDbStorageEngineTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new MapDbStorageProvider();
  }
}
