package dev.mero4j.storage.mapdb;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import org.osgi.service.component.annotations.Component;

/** Opens {@link MapDbStorageEngine}s: one MapDB file per engine directory. */
@Component(service = StorageProvider.class, property = "mero4j.provider=mapdb")
@ServiceProvider(value = StorageProvider.class, resolution = Resolution.OPTIONAL)
public final class MapDbStorageProvider implements StorageProvider {
  /** The name used in configuration. */
  public static final String NAME = "mapdb";

  public MapDbStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return MapDbStorageEngine.open(config);
  }
}
