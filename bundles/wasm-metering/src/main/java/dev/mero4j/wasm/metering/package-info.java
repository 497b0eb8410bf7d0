/**
 * Load-time WebAssembly rewriter that makes resource limits deterministic and engine-independent:
 * an instruction budget, a call-depth limit and a memory cap, enforced by code inserted into the
 * module rather than by engine features.
 */
@Export
@Version("1.0.0")
package dev.mero4j.wasm.metering;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
