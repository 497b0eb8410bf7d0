/**
 * The operator console on Groovy and JLine: {@link dev.mero4j.console.groovy.ConsoleShell} runs it
 * on a terminal or a script, {@link dev.mero4j.console.groovy.AttachServer} and {@link
 * dev.mero4j.console.groovy.AttachClient} connect it to a running node through a Unix-domain socket
 * in the node home.
 */
@Export
@Version("1.0.0")
package dev.mero4j.console.groovy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
