package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Budgets count an IPv4 address, an IPv6 /64, or this machine as one host (issue 16, item 6). */
class RemoteHostTest {
  private static RemoteHost host(String literal) throws UnknownHostException {
    return RemoteHost.of(InetAddress.getByName(literal));
  }

  @Test
  void anIpv4AddressIsOneHost() throws UnknownHostException {
    assertThat(host("203.0.113.7")).isEqualTo(host("203.0.113.7"));
    assertThat(host("203.0.113.7")).isNotEqualTo(host("203.0.113.8"));
    assertThat(host("::ffff:203.0.113.7")).isEqualTo(host("203.0.113.7"));
  }

  @Test
  void anIpv6Slash64IsOneHost() throws UnknownHostException {
    assertThat(host("2001:db8:1:2::1")).isEqualTo(host("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertThat(host("2001:db8:1:2::1")).isNotEqualTo(host("2001:db8:1:3::1"));
  }

  @Test
  void everyLoopbackAddressIsThisMachine() throws UnknownHostException {
    assertThat(host("127.0.0.1")).isEqualTo(RemoteHost.LOOPBACK);
    assertThat(host("127.0.0.2")).isEqualTo(RemoteHost.LOOPBACK);
    assertThat(host("::1")).isEqualTo(RemoteHost.LOOPBACK);
    assertThat(RemoteHost.LOOPBACK.loopback()).isTrue();
    assertThat(host("203.0.113.7").loopback()).isFalse();
  }
}
