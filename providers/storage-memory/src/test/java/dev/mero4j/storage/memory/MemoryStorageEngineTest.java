package dev.mero4j.storage.memory;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;

class MemoryStorageEngineTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new MemoryStorageProvider();
  }

  @Override
  protected boolean durable() {
    return false;
  }
}
