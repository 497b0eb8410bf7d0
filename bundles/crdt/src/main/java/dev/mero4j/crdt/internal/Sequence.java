package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.internal.SequenceNodes.Inner;
import dev.mero4j.crdt.internal.SequenceNodes.Node;
import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;

/**
 * The element order of an RGA text or a vector: a counted B+tree of elements in document order,
 * including tombstones. Element ids are packed longs {@code counter << 24 | replicaIndex}.
 *
 * <pre>
 *   Inner [live=5]
 *    ├── Leaf [runs (first id, length)…, code points…] live=3 ──next──┐
 *    └── Leaf [runs (first id, length)…, code points…] live=2  ◄──────┘
 * </pre>
 *
 * A leaf ({@link SequenceLeaf}) holds runs of one replica's consecutive ids, so typed text costs a
 * few bytes per run plus one per code point.
 *
 * <p>Index → element and element → index are O(log n) (descent by live counts; climb by parent
 * links). Id → leaf is a lazily built hash index over blocks of one replica's counters ({@link
 * SequenceIndex}), so a freshly loaded document pays nothing for it until a remote operation needs
 * it. Integration follows RGA: a new element goes right after its origin, after skipping elements
 * with larger ids, so concurrent inserts at one position order by descending (counter, replica key)
 * everywhere.
 *
 * <p>The content checksum ({@link SequenceChecksum}) is an additive multiset hash over (replica,
 * counter, value, deleted) per element. The order is a function of the element set, so the checksum
 * identifies the state; it is maintained incrementally once first computed.
 */
public final class Sequence {
  static final int DELETED = 0x8000_0000;
  private static final int REPLICA_BITS = 24;

  /**
   * A position: element {@code offset} of {@code leaf}, element {@code k} of its run {@code run};
   * valid until the sequence next changes.
   */
  public record Pos(SequenceLeaf leaf, int offset, int run, int k) {
    public long id() {
      return leaf.ids[run] + k * SequenceLeaf.NEXT;
    }

    public int val() {
      return leaf.valueAt(offset) | (leaf.lens[run] & DELETED);
    }
  }

  private final Replicas replicas;
  private final boolean text;
  private Node root;
  private final SequenceLeaf first;

  /**
   * Built lazily, possibly by concurrent readers ({@link #locate}): volatile, built once under the
   * lock.
   */
  private volatile SequenceIndex index;

  private SequenceChecksum checksum;
  private int total;

  /**
   * The largest counter inserted so far per replica index (0: none), so a look-up of an id not yet
   * inserted, as every remote insert makes first, is refused without the index.
   */
  private long[] maxCounters = NO_COUNTERS;

  private static final long[] NO_COUNTERS = new long[0];

  /** Tree nodes, runs and element slots visited so far: the cost measure tests read. */
  long steps;

  public Sequence(Replicas replicas, boolean text) {
    this.replicas = replicas;
    this.text = text;
    this.first = new SequenceLeaf(text);
    this.root = first;
  }

  public boolean isText() {
    return text;
  }

  public static long pack(long counter, int replicaIndex) {
    return counter << REPLICA_BITS | replicaIndex;
  }

  public static long counterOf(long id) {
    return id >>> REPLICA_BITS;
  }

  public static int replicaOf(long id) {
    return (int) (id & ((1 << REPLICA_BITS) - 1));
  }

  public static boolean isLive(Pos pos) {
    return !pos.leaf().isDead(pos.run());
  }

  /** Number of live (not deleted) elements. */
  public int size() {
    return root.live;
  }

  /** Number of elements including tombstones. */
  public int totalSize() {
    return total;
  }

  public boolean contains(long id) {
    return locate(id) != null;
  }

  /** The live element at {@code index}. */
  public Pos liveAt(int index) {
    if (index < 0 || index >= root.live) {
      throw new IndexOutOfBoundsException(index + " of " + root.live);
    }
    Node node = root;
    while (node instanceof Inner inner) {
      for (int i = 0; ; i++) {
        Node kid = inner.kids[i];
        steps++;
        if (index < kid.live) {
          node = kid;
          break;
        }
        index -= kid.live;
      }
    }
    SequenceLeaf leaf = (SequenceLeaf) node;
    steps += leaf.runs;
    return leaf.liveAt(index);
  }

  /** Number of live elements before {@code pos}. */
  public int liveIndexOf(Pos pos) {
    SequenceLeaf leaf = pos.leaf();
    int count = leaf.liveBefore(pos.offset());
    Node node = leaf;
    for (Inner parent = node.parent; parent != null; node = parent, parent = parent.parent) {
      for (int i = 0; parent.kids[i] != node; i++) {
        count += parent.kids[i].live;
      }
    }
    return count;
  }

  /** The position of element {@code id}, or null. */
  public Pos locate(long id) {
    int replica = replicaOf(id);
    long[] max = maxCounters;
    if (replica >= max.length || counterOf(id) > max[replica]) {
      return null;
    }
    SequenceIndex idx = index;
    return (idx == null ? buildIndex() : idx).locate(this, id);
  }

  /**
   * Inserts element {@code id} after {@code origin} (0 = the head) by the RGA rule and returns its
   * position. The origin must exist.
   */
  public Pos integrate(long origin, long id, int val) {
    if (origin == 0) {
      return integrateFrom(first, 0, 0, 0, id, val);
    }
    return integrateAfter(locate(origin), id, val);
  }

  /**
   * {@link #integrate} with the origin's position at hand (valid: the sequence has not changed
   * since it was taken), saving the look-up of the origin.
   */
  public Pos integrateAfter(Pos origin, long id, int val) {
    return integrateFrom(origin.leaf(), origin.run(), origin.k() + 1, origin.offset() + 1, id, val);
  }

  /** The RGA scan from element {@code k} of run {@code run} (element {@code offset}) on. */
  private Pos integrateFrom(SequenceLeaf leaf, int run, int k, int offset, long id, int val) {
    while (true) {
      steps++;
      if (run == leaf.runs) {
        if (leaf.next == null) {
          break;
        }
        leaf = leaf.next;
        run = 0;
        k = 0;
        offset = 0;
        continue;
      }
      int len = leaf.length(run);
      if (k < len && compare(leaf.ids[run] + k * SequenceLeaf.NEXT, id) <= 0) {
        return insertAt(leaf, offset, run, k, id, val);
      }
      // The rest of the run has larger ids still (one replica, growing counters): skip it.
      offset += len - k;
      run++;
      k = 0;
    }
    return insertAt(leaf, offset, run, k, id, val);
  }

  /** Inserts directly after {@code pos} (the caller knows nothing can sit between). */
  public Pos insertAfter(Pos pos, long id, int val) {
    return insertAt(pos.leaf(), pos.offset() + 1, pos.run(), pos.k() + 1, id, val);
  }

  /** Inserts at the very start, for a local insert at index 0 (its id is the largest known). */
  public Pos insertFirst(long id, int val) {
    return integrate(0, id, val);
  }

  /** Marks an element deleted; returns false if it already was. */
  public boolean delete(Pos pos) {
    return setLive(pos, false);
  }

  /** Sets an element's live flag; returns whether it changed. */
  public boolean setLive(Pos pos, boolean live) {
    if (isLive(pos) == live) {
      return false;
    }
    Pos at = pos.leaf().hasRoom() ? pos : room(pos.leaf(), pos.offset(), false);
    mark(at, 1, live);
    addLive(at.leaf(), live ? 1 : -1);
    return true;
  }

  /**
   * Gives {@code count} elements of one run, from {@code at} on, the live flag {@code live},
   * without updating the live counts above the leaf; the caller settles them with {@link #addLive}.
   * They all have the other flag, and the leaf has room.
   */
  void mark(Pos at, int count, boolean live) {
    steps++;
    SequenceLeaf leaf = at.leaf();
    if (checksum != null && text) {
      int was = live ? DELETED : 0;
      for (int j = 0; j < count; j++) {
        steps++;
        long id = at.id() + j * SequenceLeaf.NEXT;
        int cp = leaf.valueAt(at.offset() + j);
        checksum.remove(id, cp | was);
        checksum.add(id, cp | (was ^ DELETED));
      }
    }
    leaf.mark(at.run(), at.k(), count, !live);
  }

  /**
   * Splits {@code leaf} until the part holding its element {@code offset} (or, for an insertion,
   * the gap before it) has room for one run change, and returns that position. Live counts above
   * must be settled.
   */
  Pos room(SequenceLeaf leaf, int offset, boolean insertion) {
    while (!leaf.hasRoom()) {
      SequenceLeaf right = splitLeaf(leaf);
      if (offset > leaf.size || (!insertion && offset == leaf.size)) {
        offset -= leaf.size;
        leaf = right;
      }
    }
    return offset == leaf.size ? new Pos(leaf, offset, leaf.runs, 0) : leaf.pos(offset);
  }

  /** Adds {@code delta} to the live count of {@code leaf} and of every node above it. */
  void addLive(SequenceLeaf leaf, int delta) {
    for (Node n = leaf; n != null; n = n.parent) {
      steps++;
      n.live += delta;
    }
  }

  /** Tree nodes and element slots visited since this sequence was made. */
  public long steps() {
    return steps;
  }

  /** Appends the live values as code points. */
  public void appendText(StringBuilder out) {
    for (SequenceLeaf leaf = first; leaf != null; leaf = leaf.next) {
      leaf.appendText(out);
    }
  }

  /** Visits every element (tombstones too) in order until {@code visitor} returns false. */
  public void forEach(ElementVisitor visitor) {
    for (SequenceLeaf leaf = first; leaf != null && leaf.forEach(visitor); leaf = leaf.next) {
      steps++;
    }
  }

  /** Visits live element ids from live index {@code from} on, until the predicate is false. */
  public void forEachLive(int from, LongPredicate visitor) {
    if (from >= root.live) {
      return;
    }
    Pos p = liveAt(from);
    if (p.leaf().forEachLive(p.run(), p.k(), visitor)) {
      for (SequenceLeaf leaf = p.leaf().next; leaf != null; leaf = leaf.next) {
        if (!leaf.forEachLive(0, 0, visitor)) {
          return;
        }
      }
    }
  }

  /** Callback over elements; {@code val} carries {@link #DELETED}. */
  @FunctionalInterface
  public interface ElementVisitor {
    boolean visit(long id, int val);
  }

  /** Fills an empty sequence with {@code n} elements in document order. */
  public void bulkLoad(long[] ids, int[] vals, int n) {
    long[] runIds = new long[n];
    int[] runLens = new int[n];
    int runs = 0;
    for (int i = 0; i < n; i++) {
      int flag = vals[i] & DELETED;
      int last = runs - 1;
      if (last >= 0
          && (runLens[last] & DELETED) == flag
          && runIds[last] + (runLens[last] & ~DELETED) * SequenceLeaf.NEXT == ids[i]) {
        runLens[last]++;
      } else {
        runIds[runs] = ids[i];
        runLens[runs++] = flag | 1;
      }
    }
    int[] next = {0};
    bulkLoad(runIds, runLens, runs, n, () -> vals[next[0]++] & ~DELETED);
  }

  /**
   * Fills an empty sequence with {@code n} elements in document order given as {@code runCount}
   * runs (first id; length with the {@link #DELETED} flag) covering exactly {@code n} elements, and
   * for a text their code points, read from {@code values} in document order (snapshot load).
   */
  public void bulkLoad(long[] runIds, int[] runLens, int runCount, int n, IntSupplier values) {
    if (total != 0) {
      throw new IllegalStateException("bulk load into a non-empty sequence");
    }
    root = SequenceNodes.build(first, runIds, runLens, runCount, values);
    total = n;
    for (int r = 0; r < runCount; r++) {
      noteInserted(runIds[r] + ((runLens[r] & ~DELETED) - 1L) * SequenceLeaf.NEXT);
    }
  }

  /** The content checksum, computed on first use and maintained after. */
  public Hash checksum(MessageDigest digest) {
    if (checksum == null) {
      SequenceChecksum built = new SequenceChecksum(replicas);
      forEach(
          (id, val) -> {
            built.add(id, text ? val : 0);
            return true;
          });
      checksum = built;
    }
    return checksum.hash(total, digest);
  }

  /** Compares two ids in the replicated order: counter, then replica key. */
  int compare(long a, long b) {
    int c = Long.compare(counterOf(a), counterOf(b));
    return c != 0 ? c : replicas.compare(replicaOf(a), replicaOf(b));
  }

  /**
   * Inserts before element {@code k} of run {@code run} of {@code leaf}, element {@code offset}
   * ({@code k} 0 at a run's start or past the last run).
   */
  private Pos insertAt(SequenceLeaf leaf, int offset, int run, int k, long id, int val) {
    Pos pos;
    if (leaf.hasRoom()) {
      steps++;
      pos = leaf.insertBefore(run, k, offset, id, val);
    } else {
      Pos at = room(leaf, offset, true);
      leaf = at.leaf();
      steps += leaf.runs;
      pos = leaf.insert(at.offset(), id, val);
    }
    total++;
    noteInserted(id);
    // An element that continues a run within one block of the index is already indexed by the
    // element before it, in this same leaf.
    if (index != null && (pos.k() == 0 || (counterOf(id) & (SequenceIndex.BLOCK - 1)) == 0)) {
      index.add(id, leaf);
    }
    if ((val & DELETED) == 0) {
      for (Node n = leaf; n != null; n = n.parent) {
        n.live++;
      }
    }
    if (checksum != null) {
      checksum.add(id, text ? val : 0);
    }
    return pos;
  }

  private void noteInserted(long id) {
    int replica = replicaOf(id);
    if (replica >= maxCounters.length) {
      maxCounters =
          java.util.Arrays.copyOf(maxCounters, Math.max(replica + 1, 2 * maxCounters.length));
    }
    maxCounters[replica] = Math.max(maxCounters[replica], counterOf(id));
  }

  private SequenceLeaf splitLeaf(SequenceLeaf leaf) {
    SequenceLeaf right = leaf.splitOff();
    right.live = right.countLive();
    leaf.live -= right.live;
    if (index != null) {
      index.moved(leaf, right);
    }
    Node top = SequenceNodes.addSibling(leaf, right);
    if (top != null) {
      root = top;
    }
    return right;
  }

  private synchronized SequenceIndex buildIndex() {
    if (index != null) {
      return index;
    }
    SequenceIndex built = new SequenceIndex(total / SequenceIndex.BLOCK * 2);
    for (SequenceLeaf leaf = first; leaf != null; leaf = leaf.next) {
      built.addAll(leaf);
    }
    index = built;
    return built;
  }
}
