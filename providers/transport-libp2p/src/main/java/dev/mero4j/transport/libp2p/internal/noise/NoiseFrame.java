package dev.mero4j.transport.libp2p.internal.noise;

/**
 * The libp2p handshake payload carried in Noise messages 2 and 3.
 *
 * @param identityKey the protobuf-encoded libp2p public key
 * @param identitySig the identity key's signature over the prefix and the static Noise key
 */
public record NoiseFrame(byte[] identityKey, byte[] identitySig) {}
