package dev.mero4j.transport.libp2p;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Starts libp2p transports, interoperable with js-libp2p and rust-libp2p peers. */
@Component(service = TransportProvider.class, property = "mero4j.provider=libp2p")
@ServiceProvider(value = TransportProvider.class, resolution = Resolution.OPTIONAL)
public final class Libp2pTransportProvider implements TransportProvider {
  private final Libp2pOptions options;

  public Libp2pTransportProvider() {
    this(Libp2pOptions.defaults());
  }

  /**
   * Declarative Services configuration (PID {@code
   * dev.mero4j.transport.libp2p.Libp2pTransportProvider}).
   */
  public @interface Config {
    int maxConnections() default 1024;

    int maxConnectionsPerPeer() default 8;

    int maxPendingConnections() default 128;
  }

  /** Used by Declarative Services with the component's configuration. */
  @Activate
  public Libp2pTransportProvider(Config config) {
    this(
        Libp2pOptions.defaults()
            .withLimits(
                config.maxConnectionsPerPeer(),
                config.maxConnections(),
                config.maxPendingConnections()));
  }

  public Libp2pTransportProvider(Libp2pOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "libp2p";
  }

  @Override
  public Libp2pTransport start(TransportConfig config) {
    return Libp2pTransport.start(config, options);
  }

  /** Narrows {@link Transport} for callers that need ping or peer details. */
  public static Libp2pTransport unwrap(Transport transport) {
    return (Libp2pTransport) transport;
  }
}
