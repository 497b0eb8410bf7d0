/**
 * The storage SPI: an ordered key-value store with named keyspaces, atomic batches and snapshots.
 * Keys order by unsigned lexicographic byte comparison in every provider.
 */
@Export
@Version("1.0.0")
package dev.mero4j.storage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
