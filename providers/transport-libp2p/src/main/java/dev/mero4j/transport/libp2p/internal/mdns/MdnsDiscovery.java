package dev.mero4j.transport.libp2p.internal.mdns;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Running mDNS discovery: the carrier, the handler and the periodic query, closed together. */
public final class MdnsDiscovery implements AutoCloseable {
  private final MdnsHandler.Link link;
  private final ScheduledFuture<?> queries;

  private MdnsDiscovery(MdnsHandler.Link link, ScheduledFuture<?> queries) {
    this.link = link;
    this.queries = queries;
  }

  /**
   * Opens the carrier, answers queries with {@code addresses} and queries the group every {@link
   * MdnsProtocol#QUERY_INTERVAL}, passing each announced address of another peer to {@code found}.
   */
  public static MdnsDiscovery start(
      EventLoopGroup group,
      MdnsHandler.LinkFactory links,
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      Random random,
      Consumer<Multiaddr> found) {
    MdnsHandler[] handler = new MdnsHandler[1];
    MdnsHandler.Link link;
    try {
      link =
          links.open(
              group,
              packet -> {
                if (handler[0] != null) {
                  handler[0].onPacket(packet);
                }
              });
    } catch (IOException e) {
      throw new PeerUnreachableException("cannot open the mDNS socket", e);
    }
    handler[0] = new MdnsHandler(self, addresses, random, link, found);
    long interval = MdnsProtocol.QUERY_INTERVAL.toMillis();
    ScheduledFuture<?> queries =
        group.scheduleAtFixedRate(handler[0]::query, 0, interval, TimeUnit.MILLISECONDS);
    return new MdnsDiscovery(link, queries);
  }

  @Override
  public void close() {
    queries.cancel(false);
    if (link instanceof MdnsSocket socket) {
      socket.close();
    }
  }
}
