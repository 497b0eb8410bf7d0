package dev.mero4j.it.nat;

import dev.mero4j.it.nat.NatTopology.Nat;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Nodes on a {@link NatTopology} of three homes: a relay (which is also the bootstrap node) on the
 * public network; A in home 1 (endpoint-independent NAT), which knows the relay as its bootstrap
 * peer; B in home 2 (endpoint-independent NAT) and C in home 3 (symmetric NAT), fresh homes from
 * {@code mero4j init} that know nobody.
 */
final class ThreeHomes implements AutoCloseable {
  final NatTopology net;
  final NsNode relay;
  final NsNode a;
  final NsNode b;
  final NsNode c;

  private ThreeHomes(NatTopology net, NsNode relay, NsNode a, NsNode b, NsNode c) {
    this.net = net;
    this.relay = relay;
    this.a = a;
    this.b = b;
    this.c = c;
  }

  /** Builds the namespaces, makes the homes under {@code dir} and starts the four nodes. */
  static ThreeHomes start(Path dir) throws Exception {
    NatTopology net =
        NatTopology.build(Nat.ENDPOINT_INDEPENDENT, Nat.ENDPOINT_INDEPENDENT, Nat.SYMMETRIC);
    ThreeHomes homes = null;
    try {
      CompletableFuture<NsNode> relay = NsNode.initAsync("relay", net.publicNet(), dir);
      CompletableFuture<NsNode> a = NsNode.initAsync("a", net.home(1).host(), dir);
      CompletableFuture<NsNode> b = NsNode.initAsync("b", net.home(2).host(), dir);
      CompletableFuture<NsNode> c = NsNode.initAsync("c", net.home(3).host(), dir);
      homes = new ThreeHomes(net, relay.join(), a.join(), b.join(), c.join());
      homes.relay.configure("relay_service", "true");
      homes.relay.launch();
      homes.b.launch();
      homes.c.launch();
      homes.relay.awaitReady();
      homes.a.bootstrap(List.of(homes.relay.multiaddr(NatTopology.PUBLIC_HOST)));
      homes.a.start();
      homes.b.awaitReady();
      homes.c.awaitReady();
      return homes;
    } catch (Exception | AssertionError e) {
      if (homes != null) {
        homes.close();
      } else {
        net.close();
      }
      throw e;
    }
  }

  /**
   * {@code joiner} joins context {@code ctx} of A with the invitation alone: it has no application
   * and knows only the relay; the invitation's addresses (A's own ones, which lead nowhere or to
   * the joiner itself from another home, then A's relayed one) lead it to A, which sends the app.
   */
  void join(NsNode joiner, String ctx) {
    String joined = joiner.join(a.invite(ctx));
    if (!joined.equals(ctx)) {
      throw new AssertionError(joiner.name + " joined " + joined + " instead of " + ctx);
    }
  }

  @Override
  public void close() {
    for (NsNode node : List.of(c, b, a, relay)) {
      node.close();
    }
    net.close();
  }
}
