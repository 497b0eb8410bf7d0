package dev.mero4j.transport.libp2p.internal.noise;

/** The two transport ciphers a completed handshake yields. */
record NoiseSession(NoiseCipher send, NoiseCipher receive) {}
