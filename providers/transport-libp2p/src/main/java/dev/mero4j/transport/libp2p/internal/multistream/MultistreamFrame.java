package dev.mero4j.transport.libp2p.internal.multistream;

/** One multistream-select message: a protocol id, {@code na} or the header, without the newline. */
public record MultistreamFrame(String line) {}
