package ${package};

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Opens {@link ${providerClass}StorageEngine}s. Registered as an OSGi service by Declarative Services
 * and found by {@link java.util.ServiceLoader} outside OSGi (bnd writes both registrations).
 */
@Component(service = StorageProvider.class, property = "mero4j.provider=" + ${providerClass}StorageProvider.NAME)
@ServiceProvider(value = StorageProvider.class, resolution = Resolution.OPTIONAL)
public final class ${providerClass}StorageProvider implements StorageProvider {
  /** The name operators use in an assembly ({@code storage = ${providerName}}) and in config.toml. */
  public static final String NAME = "${providerName}";

  public ${providerClass}StorageProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngine open(StorageConfig config) {
    return new ${providerClass}StorageEngine();
  }
}
