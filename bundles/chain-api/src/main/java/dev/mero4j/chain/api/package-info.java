/** The chain-adapter SPI: anchor contexts and their membership on an external ledger. */
@Export
@Version("1.0.0")
package dev.mero4j.chain.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
