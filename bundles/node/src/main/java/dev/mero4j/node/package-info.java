/**
 * The Mero4j node: configuration, home directory, identity and the runtime that wires providers
 * together.
 */
@Export
@Version("1.1.0")
package dev.mero4j.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
