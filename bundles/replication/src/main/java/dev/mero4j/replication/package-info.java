/**
 * Replication across nodes: delta broadcast, causal catch-up, anti-entropy sync and sync status.
 */
@Export
@Version("2.1.0")
package dev.mero4j.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
