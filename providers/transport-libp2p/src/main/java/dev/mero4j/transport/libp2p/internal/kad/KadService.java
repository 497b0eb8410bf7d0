package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.conn.Libp2pHost;
import dev.mero4j.transport.libp2p.internal.identify.IdentifyFrame;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The DHT wired into a libp2p host: serves the protocol id, feeds the table with peers whose
 * identify lists that id, and runs the periodic refresh and republish.
 */
public final class KadService {
  private final String protocol;
  private final KadDht dht;
  private final KadValues values;

  public KadService(
      Libp2pHost host,
      ScheduledExecutorService timers,
      KeyPair identity,
      String protocol,
      KadParams params,
      LongSupplier nanoClock,
      Random random,
      Supplier<List<Multiaddr>> selfAddresses) {
    this.protocol = protocol;
    KadStreams streams = new KadStreams(host, timers, protocol, params.rpcTimeout());
    this.dht =
        new KadDht(
            identity,
            params,
            streams,
            nanoClock,
            random,
            () ->
                selfAddresses.get().stream()
                    .limit(KadProtocol.MAX_ADDRS_PER_PEER)
                    .map(Multiaddr::toBytes)
                    .toList());
    this.values = new KadValues(dht);
    streams.bind(dht);
    host.handle(protocol, streams);
  }

  /** Starts the periodic work. */
  public void start() {
    dht.start();
  }

  /** A peer finished identify: it enters the table when it serves this DHT's protocol. */
  public void identified(PeerId peer, IdentifyFrame frame) {
    if (frame.protocols().contains(protocol)) {
      dht.seen(
          peer,
          frame.listenAddrs().stream()
              .filter(a -> a.length <= KadProtocol.MAX_ADDR_LENGTH)
              .limit(KadProtocol.MAX_ADDRS_PER_PEER)
              .toList());
    }
  }

  public KadDht dht() {
    return dht;
  }

  public KadValues values() {
    return values;
  }

  public void close() {
    dht.close();
  }
}
