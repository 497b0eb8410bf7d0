package dev.mero4j.transport.libp2p;

import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.transport.tck.TransportContractTest;

class Libp2pTransportContractTest extends TransportContractTest {
  private final Libp2pTransportProvider provider = new Libp2pTransportProvider();

  @Override
  protected TransportProvider provider() {
    return provider;
  }

  @Override
  protected String listenAddress() {
    return "/ip4/127.0.0.1/tcp/0";
  }
}
