package dev.mero4j.storage.memory;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import org.osgi.service.component.annotations.Component;

/** Opens volatile engines that keep everything on the heap; the directory is ignored. */
@Component(service = StorageProvider.class, property = "mero4j.provider=memory")
@ServiceProvider(value = StorageProvider.class, resolution = Resolution.OPTIONAL)
public final class MemoryStorageProvider implements StorageProvider {
  /** The name used in configuration. */
  public static final String NAME = "memory";

  public MemoryStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return new MemoryStorageEngine();
  }
}
