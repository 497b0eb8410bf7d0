/**
 * The application runtime as clients see it: install applications, create contexts, execute
 * methods, subscribe to state mutations. JSON values cross this API as JSON text. It also holds the
 * contract replication works through ({@link dev.mero4j.runtime.api.ReplicaDirectory} and the
 * interfaces it hands out, {@link dev.mero4j.runtime.api.CommitFeed}, {@link
 * dev.mero4j.runtime.api.Admissions}).
 */
@Export
@Version("1.5.0")
package dev.mero4j.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
