package dev.mero4j.transport.loopback;

import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceProvider;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.api.TransportProvider;
import java.util.Random;
import org.osgi.service.component.annotations.Component;

/** Starts loopback transports that all live on one {@link LoopbackNetwork}. */
@Component(service = TransportProvider.class, property = "mero4j.provider=loopback")
@ServiceProvider(value = TransportProvider.class, resolution = Resolution.OPTIONAL)
public final class LoopbackTransportProvider implements TransportProvider {
  private final LoopbackNetwork network;

  /** A provider with its own fault-free network and fixed seed 0. */
  public LoopbackTransportProvider() {
    this(new LoopbackNetwork(new Random(0)));
  }

  public LoopbackTransportProvider(LoopbackNetwork network) {
    this.network = network;
  }

  /** The network this provider's transports share; inject faults here. */
  public LoopbackNetwork network() {
    return network;
  }

  @Override
  public String name() {
    return "loopback";
  }

  @Override
  public Transport start(TransportConfig config) {
    return network.start(config);
  }
}
