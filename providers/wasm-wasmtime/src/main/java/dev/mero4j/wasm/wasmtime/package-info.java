/** The alternate {@link dev.mero4j.wasm.api.WasmEngine}: Wasmtime through wasmtime-java (JNI). */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.wasmtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
