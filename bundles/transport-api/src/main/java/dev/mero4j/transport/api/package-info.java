/** The transport SPI: topic publish/subscribe, request/response streams and peer events. */
@Export
@Version("1.2.0")
package dev.mero4j.transport.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
