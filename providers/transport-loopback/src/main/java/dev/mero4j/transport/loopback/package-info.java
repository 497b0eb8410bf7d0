/**
 * An in-JVM transport with fault injection (drop, delay, reorder, duplicate, partition) for tests.
 */
@Export
@Version("1.0.0")
package dev.mero4j.transport.loopback;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
