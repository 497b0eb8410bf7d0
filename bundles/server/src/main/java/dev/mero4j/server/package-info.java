/**
 * The client API of a node: JSON-RPC, admin REST, WebSocket and SSE subscriptions, embedded JWT
 * auth and Prometheus metrics, served by {@link dev.mero4j.server.ApiServer}.
 */
@Export
@Version("1.2.0")
package dev.mero4j.server;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
