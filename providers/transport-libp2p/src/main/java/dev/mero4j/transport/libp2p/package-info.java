/**
 * The libp2p transport provider: TCP, Noise, Yamux, identify, ping, gossipsub and request/response.
 */
@Export
@Version("1.0.0")
package dev.mero4j.transport.libp2p;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
