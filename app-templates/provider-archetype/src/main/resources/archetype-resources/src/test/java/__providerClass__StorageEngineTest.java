package ${package};

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;

/** The storage TCK on the ${providerName} provider. */
class ${providerClass}StorageEngineTest extends StorageEngineContractTest {
  @Override
  protected StorageProvider provider() {
    return new ${providerClass}StorageProvider();
  }

  /** The scaffold keeps nothing across open; return true (the default) once the engine persists. */
  @Override
  protected boolean durable() {
    return false;
  }
}
