package dev.mero4j.transport.libp2p;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real libp2p transports on 127.0.0.1 with default options and keys derived from their names,
 * closed after each test ({@code @RegisterExtension final LocalNodes nodes = new LocalNodes();}).
 */
final class LocalNodes implements AfterEachCallback {
  private final List<Libp2pTransport> started = new ArrayList<>();

  Libp2pTransport node(String name) {
    KeyPair key = KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
    Libp2pTransport t =
        new Libp2pTransportProvider(Libp2pOptions.defaults())
            .start(new TransportConfig(key, List.of("/ip4/127.0.0.1/tcp/0"), List.of()));
    started.add(t);
    return t;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(Libp2pTransport::close);
    started.clear();
  }
}
