/** The WASM engine SPI: validate and compile modules, instantiate them with host functions, call exports under limits. */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
