/**
 * A volatile, in-memory {@link dev.mero4j.storage.api.StorageProvider} for tests and ephemeral
 * nodes.
 */
@Export
@Version("1.0.0")
package dev.mero4j.storage.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
