package dev.mero4j.transport.loopback;

import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.transport.tck.TransportContractTest;

class LoopbackTransportContractTest extends TransportContractTest {
  private final LoopbackTransportProvider provider = new LoopbackTransportProvider();

  @Override
  protected TransportProvider provider() {
    return provider;
  }

  @Override
  protected String listenAddress() {
    return "/memory/0";
  }
}
