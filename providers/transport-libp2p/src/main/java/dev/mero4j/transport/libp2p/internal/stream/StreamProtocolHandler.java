package dev.mero4j.transport.libp2p.internal.stream;

/** A protocol served on inbound streams; creates the handler for each negotiated stream. */
public interface StreamProtocolHandler {
  /** Called once the protocol id was agreed; returns who receives the stream's bytes. */
  StreamHandler accept(Libp2pStream stream, String protocol);
}
