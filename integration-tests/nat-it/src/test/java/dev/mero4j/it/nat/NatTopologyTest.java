package dev.mero4j.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.it.nat.NatTopology.Nat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The harness itself: hosts behind the two routers reach the public namespace with their source
 * rewritten to the router's address, the endpoint-independent router keeps the port for every
 * destination while the symmetric one picks a new port per connection, and nothing from outside
 * reaches a host that did not open the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatTopologyTest {
  /** A fixed source port on the hosts, so the mapped ports can be compared with it. */
  private static final int SOURCE_PORT = 40_123;

  private NatTopology net;

  @BeforeAll
  void build() {
    net = NatTopology.build(Nat.ENDPOINT_INDEPENDENT, Nat.SYMMETRIC);
  }

  @AfterAll
  void tearDown() {
    if (net != null) {
      net.close();
      assertThat(NetNs.list())
          .noneMatch(n -> n.startsWith(NatTopology.PREFIX + ProcessHandle.current().pid() + "-"));
    }
  }

  @Test
  void theEndpointIndependentRouterRewritesTheSourceAndKeepsThePortForEveryDestination() {
    Agent server = net.publicNet().agent();
    server.listen(NatTopology.PUBLIC_HOST, 9001);
    server.listen(NatTopology.PUBLIC_HOST, 9002);
    Agent host = net.home(1).host().agent();

    assertThat(host.connect(SOURCE_PORT, NatTopology.PUBLIC_HOST + ":9001"))
        .isEqualTo(net.home(1).hostAddress() + ":" + SOURCE_PORT);
    assertThat(server.accepted()).isEqualTo(net.home(1).routerAddress() + ":" + SOURCE_PORT);
    host.connect(SOURCE_PORT, NatTopology.PUBLIC_HOST + ":9002");
    assertThat(server.accepted()).isEqualTo(net.home(1).routerAddress() + ":" + SOURCE_PORT);
  }

  @Test
  void theSymmetricRouterRewritesTheSourceWithANewPortForEachConnection() {
    Agent server = net.publicNet().agent();
    server.listen(NatTopology.PUBLIC_HOST, 9003);
    server.listen(NatTopology.PUBLIC_HOST, 9004);
    Agent host = net.home(2).host().agent();

    host.connect(SOURCE_PORT, NatTopology.PUBLIC_HOST + ":9003");
    String first = server.accepted();
    host.connect(SOURCE_PORT, NatTopology.PUBLIC_HOST + ":9004");
    String second = server.accepted();

    assertThat(first).startsWith(net.home(2).routerAddress() + ":");
    assertThat(second).startsWith(net.home(2).routerAddress() + ":");
    assertThat(port(first)).as("the public ports of two connections").isNotEqualTo(port(second));
  }

  @Test
  void aHostBehindARouterIsUnreachableFromOutsideUnlessItOpenedTheConnection() {
    Agent host = net.home(1).host().agent();
    host.listen("0.0.0.0", 9005);
    // The router's own address: nothing forwards it to the host, and the router drops it silently.
    assertThatThrownBy(
            () -> net.publicNet().agent().connect(0, net.home(1).routerAddress() + ":9005"))
        .hasMessageContaining("SocketTimeoutException");
    // The host's private address is not routed on the public network at all.
    assertThatThrownBy(
            () -> net.publicNet().agent().connect(0, net.home(1).hostAddress() + ":9005"))
        .hasMessageContaining("unreachable");
  }

  @Test
  void aDialFromOneHomeToAnotherIsDroppedAndCountedAtTheDialingRouter() {
    long before = net.dials(1, 2);
    net.home(2).host().agent().listen("0.0.0.0", 9006);
    assertThatThrownBy(
            () -> net.home(1).host().agent().connect(0, net.home(2).routerAddress() + ":9006"))
        .hasMessageContaining("SocketTimeoutException");
    assertThat(net.dials(1, 2)).isGreaterThan(before);
    assertThat(net.dials(2, 1)).isZero();
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
