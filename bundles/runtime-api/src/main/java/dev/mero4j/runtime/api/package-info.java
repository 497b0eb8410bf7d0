/**
 * The application runtime as clients see it: install applications, create contexts, execute
 * methods, subscribe to state mutations. JSON values cross this API as JSON text.
 */
@Export
@Version("1.1.0")
package dev.mero4j.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
