/**
 * The storage technology compatibility kit: abstract tests every {@link
 * dev.mero4j.storage.api.StorageProvider} passes by subclassing {@link
 * dev.mero4j.storage.tck.StorageEngineContractTest}.
 */
@Export
@Version("1.0.0")
package dev.mero4j.storage.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
