/** Value types shared by every Mero4j bundle: 32-byte ids, hashes, Ed25519 keys and the binary codec. */
@Export
@Version("1.0.0")
package dev.mero4j.primitives;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
