/**
 * The CRDT state engine: a context's replicated state tree, its Merkle root, and the signed causal
 * deltas that carry every committed change between replicas.
 */
@Export
@Version("0.2.0")
package dev.mero4j.crdt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
