/** The ${providerName} {@link dev.mero4j.storage.api.StorageProvider} for Mero4j. */
@Export
@Version("1.0.0")
package ${package};

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
