/**
 * Membership and end-to-end encryption of contexts: member identities, the signed governance log
 * judged at the causal cut, invitations, and the per-context key ring (AES-256-GCM, keys wrapped
 * with X25519 + HKDF).
 */
@Export
@Version("2.1.0")
package dev.mero4j.membership;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
