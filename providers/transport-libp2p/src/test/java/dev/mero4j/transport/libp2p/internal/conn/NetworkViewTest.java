package dev.mero4j.transport.libp2p.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.transport.api.NetworkStatus.Reachability;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkViewTest {
  private static Multiaddr at(int port) {
    return Multiaddr.parse("/ip4/203.0.113.7/tcp/" + port);
  }

  @Test
  void observedAddressesAreDeduplicatedAndBoundedDroppingTheLeastRecentlySeen() {
    NetworkView view = new NetworkView();
    view.observed(at(1));
    for (int port = 2; port <= NetworkView.MAX_OBSERVED + 4; port++) {
      view.observed(at(port));
      view.observed(at(1)); // seen again and again: stays
    }
    List<Multiaddr> kept = view.observedAddresses();
    assertThat(kept).hasSize(NetworkView.MAX_OBSERVED).doesNotHaveDuplicates().contains(at(1));
    assertThat(kept).doesNotContain(at(2), at(3), at(4), at(5));
    assertThat(kept.get(kept.size() - 1)).isEqualTo(at(1));
    assertThat(view.observations(at(1))).isEqualTo(NetworkView.MAX_OBSERVED + 4);
  }

  @Test
  void reachabilityAndRelayAddressesStartEmptyAndTakeWhatTheHelpersSet() {
    NetworkView view = new NetworkView();
    assertThat(view.status(List.of(), List.of(), 0).reachability()).isEqualTo(Reachability.UNKNOWN);
    assertThat(view.status(List.of(), List.of(), 0).relayAddresses()).isEmpty();
    view.reachability(Reachability.PRIVATE);
    view.relayAddresses(List.of("/ip4/198.51.100.1/tcp/4001/p2p/R/p2p-circuit"));
    assertThat(view.status(List.of("/l"), List.of(), 7))
        .satisfies(
            s -> {
              assertThat(s.reachability()).isEqualTo(Reachability.PRIVATE);
              assertThat(s.relayAddresses()).hasSize(1);
              assertThat(s.routingTableSize()).isEqualTo(7);
              assertThat(s.listenAddresses()).containsExactly("/l");
            });
    assertThatThrownBy(() -> view.reachability(null)).isInstanceOf(NullPointerException.class);
  }
}
