package dev.mero4j.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The run-length leaves of a {@link Sequence} hold exactly what one slot per element held: random
 * typed runs, inserts inside runs, concurrent inserts at one position, deletes of parts of runs and
 * flag flips, on a loaded or a built sequence, leave the same elements in the same order, the same
 * positions and the same checksum as a plain list that applies the RGA rule element by element.
 */
class SequenceRunsPropertiesTest {
  private static final long NEXT = 1L << 24;

  @Property(tries = 60)
  void runLeavesMatchAnElementByElementOracle(
      @ForAll @IntRange(min = 1, max = 160) int steps, @ForAll boolean vector, @ForAll long seed) {
    Random random = new Random(seed);
    Replicas replicas = new Replicas();
    for (int i = 0; i < 4; i++) {
      byte[] s = new byte[32];
      s[0] = (byte) (i * 37 + 1);
      replicas.intern(KeyPair.fromSeed(s).publicKey());
    }
    Run run = new Run(replicas, !vector, random);
    for (int i = 0; i < steps; i++) {
      run.step();
      if (random.nextInt(8) == 0) {
        run.check();
      }
    }
    run.check();
    assertThat(run.seq.checksum(Hash.newDigest())).isEqualTo(run.freshChecksum());
  }

  /** One sequence under test beside its oracle. */
  private static final class Run {
    final Replicas replicas;
    final boolean text;
    final Random random;
    final List<long[]> oracle = new ArrayList<>(); // {id, val}
    final long[] cursors = new long[4];
    Sequence seq;

    Run(Replicas replicas, boolean text, Random random) {
      this.replicas = replicas;
      this.text = text;
      this.random = random;
      this.seq = new Sequence(replicas, text);
      if (random.nextBoolean()) {
        seq.checksum(Hash.newDigest()); // maintained incrementally from the start
      }
    }

    void step() {
      switch (random.nextInt(9)) {
        case 0, 1, 2 ->
            type(random.nextInt(4), 1 + random.nextInt(random.nextInt(8) == 0 ? 1500 : 30));
        case 3, 4 -> concurrentInserts();
        case 5 -> deleteLive();
        case 6 -> deleteRun();
        case 7 -> flip();
        default -> reload();
      }
    }

    /** A local typed run of {@code length} at a random live index, like a text insert. */
    void type(int replica, int length) {
      int index = random.nextInt(seq.size() + 1);
      Sequence.Pos p = index == 0 ? null : seq.liveAt(index - 1);
      int at = index == 0 ? 0 : indexOf(p.id()) + 1;
      long counter = nextCounter(replica, length);
      for (int i = 0; i < length; i++) {
        long id = Sequence.pack(counter + i, replica);
        int val = value();
        p = p == null ? seq.insertFirst(id, val) : seq.insertAfter(p, id, val);
        assertThat(p.id()).isEqualTo(id);
        oracle.add(at++, new long[] {id, val});
      }
    }

    /** Several replicas insert runs after one origin (often inside a run), in a random order. */
    void concurrentInserts() {
      long origin = oracle.isEmpty() || random.nextInt(5) == 0 ? 0 : randomElement();
      long base = nextCounter(0, 0) - random.nextInt(3);
      int writers = 1 + random.nextInt(3);
      for (int w = 0; w < writers; w++) {
        int replica = 1 + (w + random.nextInt(3)) % 3;
        int length = 1 + random.nextInt(6);
        long counter = Math.max(1, base + random.nextInt(3));
        if (!free(replica, counter, length)) {
          counter = nextCounter(replica, length);
        }
        cursors[replica] = Math.max(cursors[replica], counter + length);
        insertRemote(origin, Sequence.pack(counter, replica), length);
      }
    }

    void insertRemote(long origin, long first, int length) {
      Sequence.Pos p = null;
      for (int i = 0; i < length; i++) {
        long id = first + i * NEXT;
        int val = value();
        p = p == null ? seq.integrate(origin, id, val) : seq.insertAfter(p, id, val);
        assertThat(p.id()).isEqualTo(id);
        int at = i == 0 ? oracleIntegrate(origin, id) : indexOf(id - NEXT) + 1;
        oracle.add(at, new long[] {id, val});
      }
    }

    void deleteLive() {
      if (seq.size() == 0) {
        return;
      }
      int index = random.nextInt(seq.size());
      int count = 1 + random.nextInt(Math.min(seq.size() - index, random.nextBoolean() ? 3 : 400));
      List<Long> deleted = new ArrayList<>();
      SequenceRanges.deleteLive(seq, index, count, deleted::add);
      List<Long> expected = new ArrayList<>();
      int live = 0;
      for (long[] e : oracle) {
        if ((e[1] & Sequence.DELETED) == 0 && live++ >= index && expected.size() < count) {
          expected.add(e[0]);
          e[1] |= Sequence.DELETED;
        }
      }
      assertThat(deleted).isEqualTo(expected);
    }

    /** A remote delete of consecutive ids of one replica, some of them maybe deleted already. */
    void deleteRun() {
      if (oracle.isEmpty()) {
        return;
      }
      long first = randomElement();
      int count = 0;
      while (count < 50 && indexOf(first + count * NEXT) >= 0 && random.nextInt(20) != 0) {
        count++;
      }
      if (count == 0) {
        return;
      }
      assertThat(SequenceRanges.containsRun(seq, first, count + 1))
          .isEqualTo(indexOf(first + count * NEXT) >= 0);
      assertThat(SequenceRanges.containsRun(seq, first, count)).isTrue();
      SequenceRanges.deleteRun(seq, first, count);
      for (int i = 0; i < count; i++) {
        oracle.get(indexOf(first + i * NEXT))[1] |= Sequence.DELETED;
      }
    }

    void flip() {
      if (oracle.isEmpty()) {
        return;
      }
      long id = randomElement();
      boolean live = random.nextBoolean();
      long[] e = oracle.get(indexOf(id));
      boolean changed = ((e[1] & Sequence.DELETED) == 0) != live;
      assertThat(seq.setLive(seq.locate(id), live)).isEqualTo(changed);
      e[1] = live ? e[1] & ~Sequence.DELETED : e[1] | Sequence.DELETED;
    }

    /** Reloads the sequence from its elements, as a snapshot load does. */
    void reload() {
      long[] ids = new long[oracle.size()];
      int[] vals = new int[oracle.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = oracle.get(i)[0];
        vals[i] = (int) oracle.get(i)[1];
      }
      seq = new Sequence(replicas, text);
      seq.bulkLoad(ids, vals, ids.length);
    }

    void check() {
      List<long[]> actual = new ArrayList<>();
      seq.forEach(
          (id, val) -> {
            actual.add(new long[] {id, val});
            return true;
          });
      assertThat(actual).usingElementComparator(Run::compareElements).isEqualTo(oracle);
      List<Long> live = new ArrayList<>();
      StringBuilder expectedText = new StringBuilder();
      for (long[] e : oracle) {
        if ((e[1] & Sequence.DELETED) == 0) {
          live.add(e[0]);
          expectedText.appendCodePoint((int) e[1]);
        }
      }
      assertThat(seq.size()).isEqualTo(live.size());
      assertThat(seq.totalSize()).isEqualTo(oracle.size());
      if (text) {
        StringBuilder out = new StringBuilder();
        seq.appendText(out);
        assertThat(out.toString()).isEqualTo(expectedText.toString());
      }
      for (int probe = 0; probe < 10 && !live.isEmpty(); probe++) {
        int index = random.nextInt(live.size());
        assertThat(seq.liveAt(index).id()).isEqualTo(live.get(index));
        assertThat(seq.liveIndexOf(seq.locate(live.get(index)))).isEqualTo(index);
        List<Long> rest = new ArrayList<>();
        seq.forEachLive(index, id -> rest.add(id) && rest.size() < 70);
        assertThat(rest).isEqualTo(live.subList(index, Math.min(live.size(), index + 70)));
      }
      for (int probe = 0; probe < 10 && !oracle.isEmpty(); probe++) {
        long[] e = oracle.get(random.nextInt(oracle.size()));
        Sequence.Pos p = seq.locate(e[0]);
        assertThat(p.id()).isEqualTo(e[0]);
        assertThat(p.val()).isEqualTo((int) e[1]);
      }
      assertThat(seq.contains(Sequence.pack(cursors[0] + 5, 0))).isFalse();
    }

    Hash freshChecksum() {
      Sequence fresh = new Sequence(replicas, text);
      long[] ids = new long[oracle.size()];
      int[] vals = new int[oracle.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = oracle.get(i)[0];
        vals[i] = (int) oracle.get(i)[1];
      }
      fresh.bulkLoad(ids, vals, ids.length);
      return fresh.checksum(Hash.newDigest());
    }

    private static int compareElements(long[] a, long[] b) {
      return a[0] == b[0] && (int) a[1] == (int) b[1] ? 0 : 1;
    }

    /** The RGA rule on the plain list: after the origin, skip every element with a larger id. */
    private int oracleIntegrate(long origin, long id) {
      int at = origin == 0 ? 0 : indexOf(origin) + 1;
      while (at < oracle.size() && seq.compare(oracle.get(at)[0], id) > 0) {
        at++;
      }
      return at;
    }

    private int value() {
      if (!text) {
        return 0;
      }
      int kind = random.nextInt(40);
      return kind == 0
          ? 0x1F600 + random.nextInt(50)
          : kind == 1 ? 0x400 + random.nextInt(200) : 'a' + random.nextInt(26);
    }

    private long nextCounter(int replica, int length) {
      long max = 0;
      for (long c : cursors) {
        max = Math.max(max, c);
      }
      cursors[replica] = max + 1 + length;
      return max + 1;
    }

    private boolean free(int replica, long counter, int length) {
      for (int i = 0; i < length; i++) {
        if (indexOf(Sequence.pack(counter + i, replica)) >= 0) {
          return false;
        }
      }
      return true;
    }

    private long randomElement() {
      return oracle.get(random.nextInt(oracle.size()))[0];
    }

    private int indexOf(long id) {
      for (int i = 0; i < oracle.size(); i++) {
        if (oracle.get(i)[0] == id) {
          return i;
        }
      }
      return -1;
    }
  }
}
