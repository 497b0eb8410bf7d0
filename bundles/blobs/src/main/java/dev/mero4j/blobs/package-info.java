/**
 * The blob store: content-addressed, chunked, deduplicated blobs kept through the storage SPI and
 * sealed per context (docs/architecture.md, "Blobs").
 */
@Export
@Version("1.0.0")
package dev.mero4j.blobs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
