/**
 * The application runtime: installs WASM applications and runs their contexts over the CRDT engine.
 */
@Export
@Version("2.3.0")
package dev.mero4j.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
