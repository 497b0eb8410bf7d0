/** The transport contract test (TCK) that every transport provider's test subclasses. */
@Export
@Version("1.0.0")
package dev.mero4j.transport.tck;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
