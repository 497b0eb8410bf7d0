/**
 * The operator console's contracts: {@link dev.mero4j.console.api.ConsoleCommand}, the SPI through
 * which bundles add console commands, and {@link dev.mero4j.console.api.ConsoleNode} with {@link
 * dev.mero4j.console.api.ContextReplication}, the node as the console sees it.
 */
@Export
@Version("1.1.0")
package dev.mero4j.console.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
