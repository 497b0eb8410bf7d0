/**
 * The WASM engine SPI: validate, meter and compile modules, instantiate them with host functions,
 * call exports under deterministic limits. Errors form one typed hierarchy under {@link
 * dev.mero4j.wasm.api.WasmException}.
 */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
