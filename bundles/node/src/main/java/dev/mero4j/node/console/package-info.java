/**
 * The node as the operator console sees it: {@link dev.mero4j.node.console.NodeConsole} implements
 * the console's {@code ConsoleNode} contract over a running {@link dev.mero4j.node.Mero4jNode}.
 */
@Export
@Version("1.0.0")
package dev.mero4j.node.console;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
