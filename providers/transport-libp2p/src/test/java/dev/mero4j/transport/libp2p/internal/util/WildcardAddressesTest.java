package dev.mero4j.transport.libp2p.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WildcardAddressesTest {
  private static final List<InetAddress> INTERFACES =
      ips("127.0.0.1", "192.168.1.20", "::1", "fe80::1", "2001:db8::5");

  private static List<InetAddress> ips(String... literals) {
    try {
      InetAddress[] out = new InetAddress[literals.length];
      for (int i = 0; i < literals.length; i++) {
        out[i] = InetAddress.getByName(literals[i]);
      }
      return List.of(out);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> expand(String... bound) {
    return WildcardAddresses.expand(
            List.of(bound).stream().map(Multiaddr::parse).toList(), INTERFACES)
        .stream()
        .map(Multiaddr::toString)
        .toList();
  }

  @Test
  void anIpv4WildcardBecomesEveryIpv4InterfaceAddressInOrder() {
    assertThat(expand("/ip4/0.0.0.0/tcp/4001"))
        .containsExactly("/ip4/127.0.0.1/tcp/4001", "/ip4/192.168.1.20/tcp/4001");
  }

  @Test
  void anIpv6WildcardBecomesEveryIpv6InterfaceAddressExceptLinkLocal() {
    assertThat(expand("/ip6/::/tcp/4001"))
        .containsExactly("/ip6/0:0:0:0:0:0:0:1/tcp/4001", "/ip6/2001:db8:0:0:0:0:0:5/tcp/4001");
  }

  @Test
  void concreteAddressesStayAndDuplicatesCollapse() {
    assertThat(expand("/ip4/10.0.0.7/tcp/1", "/ip4/0.0.0.0/tcp/1", "/ip4/127.0.0.1/tcp/1"))
        .containsExactly("/ip4/10.0.0.7/tcp/1", "/ip4/127.0.0.1/tcp/1", "/ip4/192.168.1.20/tcp/1");
  }

  @Test
  void thisHostsInterfacesStartWithLoopback() {
    assertThat(WildcardAddresses.interfaceAddresses()).isNotEmpty();
    assertThat(WildcardAddresses.interfaceAddresses().get(0).isLoopbackAddress()).isTrue();
  }
}
