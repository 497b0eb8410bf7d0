/**
 * Value types shared by every Mero4j bundle: 32-byte ids, hashes, the binary codec, and the one
 * Ed25519 and X25519 implementation.
 */
@Export
@Version("1.1.0")
package dev.mero4j.primitives;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
