/**
 * The default {@link dev.mero4j.wasm.api.WasmEngine}: Chicory's WebAssembly-to-JVM-bytecode
 * compiler.
 */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.chicory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
