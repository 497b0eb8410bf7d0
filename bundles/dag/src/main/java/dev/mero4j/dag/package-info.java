/** The causal DAG of one context's deltas: causal apply, pending buffer, persistence, pruning. */
@Export
@Version("0.3.0")
package dev.mero4j.dag;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
