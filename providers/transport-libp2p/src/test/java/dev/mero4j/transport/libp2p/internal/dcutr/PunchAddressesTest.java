package dev.mero4j.transport.libp2p.internal.dcutr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which addresses DCUtR offers in CONNECT and which of the peer's it dials. */
class PunchAddressesTest {
  private static final String PEER = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  private static List<Multiaddr> parse(String... addresses) {
    return List.of(addresses).stream().map(Multiaddr::parse).toList();
  }

  private static List<String> text(List<Multiaddr> addresses) {
    return addresses.stream().map(Multiaddr::toString).toList();
  }

  @Test
  void behindANatOnlyObservedAndPublicAddressesAreOffered() {
    List<Multiaddr> observed =
        parse(
            "/ip4/10.77.0.11/tcp/2428",
            "/ip4/127.0.0.1/tcp/2428",
            "/ip4/10.77.0.1/tcp/2428/p2p/" + PEER + "/p2p-circuit",
            "/ip4/203.0.113.7/tcp/2428/p2p/" + PEER);
    List<Multiaddr> listen =
        parse(
            "/ip4/192.168.1.2/tcp/2428",
            "/ip4/127.0.0.1/tcp/2428",
            "/ip6/fe80::1/tcp/2428",
            "/ip4/198.51.100.4/tcp/2428");

    assertThat(text(PunchAddresses.advertised(observed, listen, false)))
        .containsExactly(
            "/ip4/10.77.0.11/tcp/2428", "/ip4/203.0.113.7/tcp/2428", "/ip4/198.51.100.4/tcp/2428");
  }

  @Test
  void loopbackAndPrivateListenAddressesAreOfferedWhenTheRelayIsOnThisMachine() {
    List<Multiaddr> listen = parse("/ip4/127.0.0.1/tcp/4001", "/ip4/192.168.1.2/tcp/4001");
    Multiaddr circuit =
        Multiaddr.parse("/ip4/127.0.0.1/tcp/4000/p2p/" + PEER + "/p2p-circuit/p2p/" + PEER);

    assertThat(PunchAddresses.viaLoopback(circuit)).isTrue();
    assertThat(text(PunchAddresses.advertised(List.of(), listen, true)))
        .containsExactly("/ip4/127.0.0.1/tcp/4001", "/ip4/192.168.1.2/tcp/4001");
    assertThat(
            PunchAddresses.viaLoopback(
                Multiaddr.parse(
                    "/ip4/10.77.0.1/tcp/2428/p2p/" + PEER + "/p2p-circuit/p2p/" + PEER)))
        .isFalse();
  }

  @Test
  void aPeerCannotMakeThisNodeDialItselfOrAnUnusableAddress() {
    List<Multiaddr> received =
        parse(
            "/ip4/127.0.0.1/tcp/22",
            "/ip6/::1/tcp/22",
            "/ip4/0.0.0.0/tcp/2428",
            "/ip4/224.0.0.251/tcp/2428",
            "/ip4/169.254.1.1/tcp/2428",
            "/ip4/10.77.0.12/tcp/0",
            "/dns4/example.org/tcp/2428",
            "/ip4/10.77.0.12/tcp/2428",
            "/ip4/10.77.0.12/tcp/2428/p2p/" + PEER);

    assertThat(text(PunchAddresses.toDial(received, false)))
        .containsExactly("/ip4/10.77.0.12/tcp/2428");
    assertThat(text(PunchAddresses.toDial(parse("/ip4/127.0.0.1/tcp/4001"), true)))
        .containsExactly("/ip4/127.0.0.1/tcp/4001");
  }

  @Test
  void atMostEightAddressesAreDialled() {
    List<Multiaddr> many =
        IntStream.range(1, 40)
            .mapToObj(i -> Multiaddr.parse("/ip4/203.0.113." + i + "/tcp/1"))
            .toList();

    assertThat(PunchAddresses.toDial(many, false)).hasSize(PunchAddresses.MAX_ADDRS);
    assertThat(PunchAddresses.advertised(many, many, false)).hasSize(PunchAddresses.MAX_ADDRS);
  }

  @Test
  void sharedAndUniqueLocalRangesArePrivate() {
    assertThat(PunchAddresses.scope(Multiaddr.parse("/ip4/100.64.0.1/tcp/1")))
        .isEqualTo(PunchAddresses.Scope.PRIVATE);
    assertThat(PunchAddresses.scope(Multiaddr.parse("/ip6/fd00::1/tcp/1")))
        .isEqualTo(PunchAddresses.Scope.PRIVATE);
    assertThat(PunchAddresses.scope(Multiaddr.parse("/ip4/100.128.0.1/tcp/1")))
        .isEqualTo(PunchAddresses.Scope.PUBLIC);
    assertThat(PunchAddresses.scope(Multiaddr.parse("/ip6/2001:db8::1/tcp/1")))
        .isEqualTo(PunchAddresses.Scope.PUBLIC);
  }
}
