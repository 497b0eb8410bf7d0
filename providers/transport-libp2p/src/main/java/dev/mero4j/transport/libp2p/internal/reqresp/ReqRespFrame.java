package dev.mero4j.transport.libp2p.internal.reqresp;

/** A request or response body. */
record ReqRespFrame(byte[] body) {}
