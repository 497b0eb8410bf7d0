package dev.mero4j.transport.libp2p.internal.ping;

/** One ping: 32 random bytes the peer echoes. */
record PingFrame(byte[] payload) {}
