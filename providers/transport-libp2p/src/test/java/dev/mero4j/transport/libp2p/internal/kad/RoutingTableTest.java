package dev.mero4j.transport.libp2p.internal.kad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final AtomicLong clock = new AtomicLong();
  private final KadContact self = KadTestPeers.contact("self");
  private final RoutingTable table = new RoutingTable(self.key(), KadParams.DEFAULTS, clock::get);

  /** {@code count} peers that share exactly {@code prefix} leading bits with self. */
  private List<KadContact> inBucket(int prefix, int count) {
    List<KadContact> out = new ArrayList<>();
    for (int i = 0; out.size() < count; i++) {
      KadContact c = KadTestPeers.contact("peer-" + prefix + "-" + i);
      if (self.key().commonPrefixLength(c.key()) == prefix) {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void peersLandInTheBucketOfTheirCommonPrefix() {
    List<KadContact> zero = inBucket(0, 3);
    List<KadContact> two = inBucket(2, 2);
    zero.forEach(c -> assertThat(table.seen(c, null)).isEqualTo(RoutingTable.Outcome.ADDED));
    two.forEach(c -> assertThat(table.seen(c, null)).isEqualTo(RoutingTable.Outcome.ADDED));
    assertThat(table.bucket(0)).containsExactlyElementsOf(zero);
    assertThat(table.bucket(2)).containsExactlyElementsOf(two);
    assertThat(table.nonEmptyBuckets()).containsExactly(0, 2);
    assertThat(table.size()).isEqualTo(5);
    assertThat(table.seen(self, null)).isEqualTo(RoutingTable.Outcome.SELF);
    assertThat(table.seen(zero.get(0), null)).isEqualTo(RoutingTable.Outcome.UPDATED);
    assertThat(table.bucket(0)).last().isEqualTo(zero.get(0));
  }

  @Test
  void aFullBucketCachesCandidatesAndAnEvictionPromotesTheNewest() {
    List<KadContact> peers = inBucket(0, KadProtocol.K + 3);
    peers.forEach(c -> table.seen(c, null));
    assertThat(table.bucket(0))
        .hasSize(KadProtocol.K)
        .containsExactlyElementsOf(peers.subList(0, 20));
    assertThat(table.replacements(0)).containsExactlyElementsOf(peers.subList(20, 23));
    assertThat(table.oldestIfFull(peers.get(22).key()).orElseThrow().contact())
        .isEqualTo(peers.get(0));
    assertThat(table.remove(peers.get(0))).isTrue();
    assertThat(table.bucket(0))
        .hasSize(KadProtocol.K)
        .contains(peers.get(22))
        .doesNotContain(peers.get(0));
    assertThat(table.replacements(0)).containsExactlyElementsOf(peers.subList(20, 22));
  }

  @Test
  void oneNetworkGetsAtMostTwoSlotsPerBucketAndTenInTheTable() {
    List<KadContact> zero = inBucket(0, 4);
    assertThat(table.seen(zero.get(0), "ip4:203.0.113")).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(table.seen(zero.get(1), "ip4:203.0.113")).isEqualTo(RoutingTable.Outcome.ADDED);
    assertThat(table.seen(zero.get(2), "ip4:203.0.113"))
        .isEqualTo(RoutingTable.Outcome.REJECTED_DIVERSITY);
    assertThat(table.seen(zero.get(3), "ip4:198.51.100")).isEqualTo(RoutingTable.Outcome.ADDED);
    int added = 2;
    for (int prefix = 1; prefix < 12; prefix++) {
      for (KadContact c : inBucket(prefix, 2)) {
        if (table.seen(c, "ip4:203.0.113") == RoutingTable.Outcome.ADDED) {
          added++;
        }
      }
    }
    assertThat(added).isEqualTo(KadParams.DEFAULTS.maxPerGroupInTable());
    assertThat(table.seen(inBucket(0, 5).get(4), null)).isEqualTo(RoutingTable.Outcome.ADDED);
  }

  @Test
  void closestOrdersByXorDistanceToTheTarget() {
    List<KadContact> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(KadTestPeers.contact("c" + i));
      table.seen(all.get(i), null);
    }
    KadKey target = KadTestPeers.contact("target").key();
    List<KadContact> closest = table.closest(target, 5);
    List<KadContact> expected = new ArrayList<>(table.closest(target, 100));
    expected.sort((a, b) -> target.byDistance().compare(a.key(), b.key()));
    assertThat(closest).containsExactlyElementsOf(expected.subList(0, 5));
    for (KadContact c : all) {
      if (!closest.contains(c) && table.get(c.id()).isPresent()) {
        assertThat(target.byDistance().compare(closest.get(4).key(), c.key())).isNegative();
      }
    }
  }

  @Test
  void staleEntriesAreThoseNotSeenForTheGivenAge() {
    KadContact old = inBucket(0, 1).get(0);
    KadContact fresh = inBucket(1, 1).get(0);
    table.seen(old, null);
    clock.set(1_000);
    table.seen(fresh, null);
    assertThat(table.stale(500, 8)).extracting(RoutingTable.Entry::contact).containsExactly(old);
  }

  @Test
  void randomKeysWithAPrefixFallIntoThatBucket() {
    java.util.Random random = new java.util.Random(7);
    for (int prefix : new int[] {0, 1, 7, 8, 30, 255}) {
      byte[] bits = new byte[32];
      random.nextBytes(bits);
      assertThat(self.key().commonPrefixLength(self.key().randomWithPrefix(prefix, bits)))
          .isEqualTo(prefix);
    }
  }
}
