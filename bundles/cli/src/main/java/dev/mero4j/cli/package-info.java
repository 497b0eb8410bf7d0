/** The {@code mero4j} command line: node home creation and the launchers (Felix and plain). */
@Export
@Version("1.0.0")
package dev.mero4j.cli;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
