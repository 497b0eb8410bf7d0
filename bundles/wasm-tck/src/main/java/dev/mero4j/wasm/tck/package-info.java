/** Contract tests (TCK) for WasmEngine providers and the shared .wasm corpus they run. */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
