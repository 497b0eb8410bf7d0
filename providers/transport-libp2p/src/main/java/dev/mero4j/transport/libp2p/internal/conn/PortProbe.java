package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * Checks that a fixed port is free before binding it with SO_REUSEPORT, which would otherwise let a
 * second node silently share the port of a running one.
 */
final class PortProbe {
  private PortProbe() {}

  static void ensureFree(Multiaddr address, InetSocketAddress requested) {
    if (requested.getPort() == 0) {
      return;
    }
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(requested.getHostString(), requested.getPort()));
    } catch (IOException e) {
      throw new AddressInUseException("cannot listen on " + address, e);
    }
  }
}
