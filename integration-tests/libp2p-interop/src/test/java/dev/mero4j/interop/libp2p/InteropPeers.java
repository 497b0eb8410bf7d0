package dev.mero4j.interop.libp2p;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.DiscoveryOptions;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.libp2p.Libp2pTransport;
import dev.mero4j.transport.libp2p.Libp2pTransportProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Java nodes, JS peers and other resources one interop test starts, closed after the test in
 * the reverse order of their start.
 */
final class InteropPeers implements AfterEachCallback {
  /** Any free TCP port on the IPv4 loopback address. */
  static final String LOOPBACK = "/ip4/127.0.0.1/tcp/0";

  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  /** A Java node on the loopback address whose identity is derived from {@code name}. */
  Libp2pTransport java(String name, DiscoveryOptions discovery, List<String> bootstrap) {
    return java(name, LOOPBACK, discovery, bootstrap);
  }

  /** A Java node listening on {@code listen} whose identity is derived from {@code name}. */
  Libp2pTransport java(
      String name, String listen, DiscoveryOptions discovery, List<String> bootstrap) {
    KeyPair id = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    return closeLater(
        new Libp2pTransportProvider()
            .start(new TransportConfig(id, List.of(listen), bootstrap, discovery)));
  }

  /** A js-libp2p peer started with {@code args}. */
  JsPeer js(String... args) {
    return closeLater(JsPeer.start(args));
  }

  /** Closes {@code resource} after the test, before anything started earlier. */
  <T extends AutoCloseable> T closeLater(T resource) {
    open.push(resource);
    return resource;
  }

  /** The first listen address of {@code node} with its {@code /p2p/} peer id. */
  static String address(Libp2pTransport node) {
    return node.localPeer().listenAddresses().get(0) + "/p2p/" + node.localPeer().id();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
