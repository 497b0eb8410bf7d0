package dev.mero4j.transport.api;

/** A networking technology that can start transports; found through OSGi or ServiceLoader. */
public interface TransportProvider {
  /** Short stable name used in configuration, such as {@code libp2p} or {@code loopback}. */
  String name();

  /** Binds the listen addresses and starts the transport. */
  Transport start(TransportConfig config);
}
