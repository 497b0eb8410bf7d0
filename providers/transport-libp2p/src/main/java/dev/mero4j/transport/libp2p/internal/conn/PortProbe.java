package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.AddressInUseException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Checks that nobody listens on a fixed port before binding it with SO_REUSEPORT, which would
 * otherwise let a second node silently share the port of a running one (a plain bind probe does not
 * see a SO_REUSEADDR listener on Linux, so this probe connects).
 */
final class PortProbe {
  /** How long a connect to the port may take before the port counts as free. */
  static final Duration TIMEOUT = Duration.ofMillis(500);

  private PortProbe() {}

  static void ensureFree(Multiaddr address, InetSocketAddress requested) {
    if (requested.getPort() == 0) {
      return;
    }
    InetSocketAddress target;
    try {
      InetAddress host = InetAddress.getByName(requested.getHostString());
      target =
          new InetSocketAddress(
              host.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : host,
              requested.getPort());
    } catch (IOException e) {
      return;
    }
    try (Socket probe = new Socket()) {
      probe.connect(target, (int) TIMEOUT.toMillis());
    } catch (IOException free) {
      return;
    }
    throw new AddressInUseException("cannot listen on " + address + ": a node listens there");
  }
}
