package dev.mero4j.storage.rocksdb;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import org.osgi.service.component.annotations.Component;

/** Opens {@link RocksDbStorageEngine}s: one RocksDB database per engine directory. */
@Component(service = StorageProvider.class, property = "mero4j.provider=rocksdb")
@ServiceProvider(value = StorageProvider.class, resolution = Resolution.OPTIONAL)
public final class RocksDbStorageProvider implements StorageProvider {
  /** The name used in configuration. */
  public static final String NAME = "rocksdb";

  public RocksDbStorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return RocksDbStorageEngine.open(config);
  }
}
