package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.Hash;

/**
 * An installed application.
 *
 * @param id content id of the application (hash of its bundle)
 * @param wasmHash SHA-256 of the WASM module
 * @param size size of the module in bytes
 * @param source where it was installed from
 */
public record ApplicationInfo(
    ApplicationId id,
    String name,
    String version,
    Hash wasmHash,
    long size,
    AppAbi abi,
    String source) {}
