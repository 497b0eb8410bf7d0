/**
 * The default durable {@link dev.mero4j.storage.api.StorageProvider}, on an embedded MapDB file.
 */
@Export
@Version("1.0.0")
package dev.mero4j.storage.mapdb;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
