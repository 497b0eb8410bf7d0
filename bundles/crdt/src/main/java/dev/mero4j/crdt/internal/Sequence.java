package dev.mero4j.crdt.internal;

import static dev.mero4j.crdt.internal.SequenceNodes.INNER_CAPACITY;
import static dev.mero4j.crdt.internal.SequenceNodes.LEAF_CAPACITY;

import dev.mero4j.crdt.internal.SequenceNodes.Inner;
import dev.mero4j.crdt.internal.SequenceNodes.Leaf;
import dev.mero4j.crdt.internal.SequenceNodes.Node;
import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;
import java.util.function.LongPredicate;

/**
 * The element order of an RGA text or a vector: a counted B+tree of elements in document order,
 * including tombstones. Element ids are packed longs {@code counter << 24 | replicaIndex}.
 *
 * <pre>
 *   Inner [live=5]
 *    ├── Leaf [ids…, vals…] live=3 ──next──┐
 *    └── Leaf [ids…, vals…] live=2  ◄──────┘
 * </pre>
 *
 * Index → element and element → index are O(log n) (descent by live counts; climb by parent links).
 * Id → leaf is a lazily built hash index, so a freshly loaded document pays nothing for it until a
 * remote operation needs it. Integration follows RGA: a new element goes right after its origin,
 * after skipping elements with larger ids, so concurrent inserts at one position order by
 * descending (counter, replica key) everywhere.
 *
 * <p>The content checksum ({@link SequenceChecksum}) is an additive multiset hash over (replica,
 * counter, value, deleted) per element. The order is a function of the element set, so the checksum
 * identifies the state; it is maintained incrementally once first computed.
 */
public final class Sequence {
  static final int DELETED = 0x8000_0000;
  private static final int REPLICA_BITS = 24;

  /** A position: element {@code offset} of {@code leaf}. */
  public record Pos(Leaf leaf, int offset) {
    public long id() {
      return leaf.ids[offset];
    }

    public int val() {
      return leaf.vals[offset];
    }
  }

  private final Replicas replicas;
  private final boolean text;
  private Node root;
  private final Leaf first;

  /**
   * Built lazily, possibly by concurrent readers ({@link #locate}): volatile, built once under the
   * lock.
   */
  private volatile LongObjectMap<Leaf> index;

  private SequenceChecksum checksum;
  private int total;

  /** Tree nodes and element slots visited so far: the cost measure the complexity tests read. */
  long steps;

  public Sequence(Replicas replicas, boolean text) {
    this.replicas = replicas;
    this.text = text;
    this.first = new Leaf();
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
    return (pos.val() & DELETED) == 0;
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
    Leaf leaf = (Leaf) node;
    for (int i = 0; ; i++) {
      steps++;
      if ((leaf.vals[i] & DELETED) == 0 && index-- == 0) {
        return new Pos(leaf, i);
      }
    }
  }

  /** Number of live elements before {@code pos}. */
  public int liveIndexOf(Pos pos) {
    Leaf leaf = pos.leaf();
    int count = 0;
    for (int i = 0; i < pos.offset(); i++) {
      if ((leaf.vals[i] & DELETED) == 0) {
        count++;
      }
    }
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
    LongObjectMap<Leaf> idx = index;
    Leaf leaf = (idx == null ? buildIndex() : idx).get(id);
    if (leaf == null) {
      return null;
    }
    long[] ids = leaf.ids;
    for (int i = 0, n = leaf.size; i < n; i++) {
      steps++;
      if (ids[i] == id) {
        return new Pos(leaf, i);
      }
    }
    throw new IllegalStateException("stale sequence index");
  }

  /**
   * Inserts element {@code id} after {@code origin} (0 = the head) by the RGA rule and returns its
   * position. The origin must exist.
   */
  public Pos integrate(long origin, long id, int val) {
    Leaf leaf;
    int offset;
    if (origin == 0) {
      leaf = first;
      offset = 0;
    } else {
      Pos o = locate(origin);
      leaf = o.leaf();
      offset = o.offset() + 1;
    }
    while (true) {
      if (offset == leaf.size) {
        if (leaf.next == null) {
          break;
        }
        leaf = leaf.next;
        offset = 0;
        continue;
      }
      if (compare(leaf.ids[offset], id) <= 0) {
        break;
      }
      offset++;
    }
    return insertAt(leaf, offset, id, val);
  }

  /** Inserts directly after {@code pos} (the caller knows nothing can sit between). */
  public Pos insertAfter(Pos pos, long id, int val) {
    return insertAt(pos.leaf(), pos.offset() + 1, id, val);
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
    if (!flip(pos.leaf(), pos.offset(), live)) {
      return false;
    }
    addLive(pos.leaf(), live ? 1 : -1);
    return true;
  }

  /**
   * Sets the live flag of one slot without updating the live counts above it; the caller settles
   * them with {@link #addLive} (once per leaf when it flips a run). Returns whether it changed.
   */
  boolean flip(Leaf leaf, int i, boolean live) {
    steps++;
    int val = leaf.vals[i];
    if (((val & DELETED) == 0) == live) {
      return false;
    }
    if (checksum != null && text) {
      checksum.remove(leaf.ids[i], val);
    }
    leaf.vals[i] = live ? val & ~DELETED : val | DELETED;
    if (checksum != null && text) {
      checksum.add(leaf.ids[i], leaf.vals[i]);
    }
    return true;
  }

  /** Adds {@code delta} to the live count of {@code leaf} and of every node above it. */
  void addLive(Leaf leaf, int delta) {
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
    for (Leaf leaf = first; leaf != null; leaf = leaf.next) {
      for (int i = 0; i < leaf.size; i++) {
        int v = leaf.vals[i];
        if ((v & DELETED) == 0) {
          out.appendCodePoint(v);
        }
      }
    }
  }

  /** Visits every element (tombstones too) in order until {@code visitor} returns false. */
  public void forEach(ElementVisitor visitor) {
    for (Leaf leaf = first; leaf != null; leaf = leaf.next) {
      for (int i = 0; i < leaf.size; i++) {
        if (!visitor.visit(leaf.ids[i], leaf.vals[i])) {
          return;
        }
      }
    }
  }

  /** Visits live element ids from live index {@code from} on, until the predicate is false. */
  public void forEachLive(int from, LongPredicate visitor) {
    if (from >= root.live) {
      return;
    }
    Pos p = liveAt(from);
    for (Leaf leaf = p.leaf(); leaf != null; leaf = leaf.next) {
      for (int i = leaf == p.leaf() ? p.offset() : 0; i < leaf.size; i++) {
        if ((leaf.vals[i] & DELETED) == 0 && !visitor.test(leaf.ids[i])) {
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

  /** Fills an empty sequence with {@code n} elements in document order (snapshot load). */
  public void bulkLoad(long[] ids, int[] vals, int n) {
    if (total != 0) {
      throw new IllegalStateException("bulk load into a non-empty sequence");
    }
    root = SequenceNodes.build(first, ids, vals, n);
    total = n;
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

  private Pos insertAt(Leaf leaf, int offset, long id, int val) {
    if (leaf.size == LEAF_CAPACITY) {
      Leaf right = splitLeaf(leaf);
      if (offset > leaf.size) {
        offset -= leaf.size;
        leaf = right;
      }
    }
    int move = leaf.size - offset;
    System.arraycopy(leaf.ids, offset, leaf.ids, offset + 1, move);
    System.arraycopy(leaf.vals, offset, leaf.vals, offset + 1, move);
    leaf.ids[offset] = id;
    leaf.vals[offset] = val;
    leaf.size++;
    total++;
    if (index != null) {
      index.put(id, leaf);
    }
    if ((val & DELETED) == 0) {
      for (Node n = leaf; n != null; n = n.parent) {
        n.live++;
      }
    }
    if (checksum != null) {
      checksum.add(id, text ? val : 0);
    }
    return new Pos(leaf, offset);
  }

  private Leaf splitLeaf(Leaf leaf) {
    Leaf right = new Leaf();
    int half = leaf.size / 2;
    int moved = leaf.size - half;
    System.arraycopy(leaf.ids, half, right.ids, 0, moved);
    System.arraycopy(leaf.vals, half, right.vals, 0, moved);
    right.size = moved;
    leaf.size = half;
    int live = 0;
    for (int i = 0; i < moved; i++) {
      if ((right.vals[i] & DELETED) == 0) {
        live++;
      }
      if (index != null) {
        index.put(right.ids[i], right);
      }
    }
    right.live = live;
    leaf.live -= live;
    right.next = leaf.next;
    leaf.next = right;
    addSibling(leaf, right);
    return right;
  }

  private void addSibling(Node left, Node right) {
    Inner parent = left.parent;
    if (parent == null) {
      Inner top = new Inner();
      top.kids[0] = left;
      top.kids[1] = right;
      top.size = 2;
      top.live = left.live + right.live;
      left.parent = top;
      right.parent = top;
      root = top;
      return;
    }
    int i = 0;
    while (parent.kids[i] != left) {
      i++;
    }
    System.arraycopy(parent.kids, i + 1, parent.kids, i + 2, parent.size - i - 1);
    parent.kids[i + 1] = right;
    parent.size++;
    right.parent = parent;
    if (parent.size > INNER_CAPACITY) {
      splitInner(parent);
    }
  }

  private void splitInner(Inner inner) {
    Inner right = new Inner();
    int half = inner.size / 2;
    int moved = inner.size - half;
    int live = 0;
    for (int i = 0; i < moved; i++) {
      Node kid = inner.kids[half + i];
      inner.kids[half + i] = null;
      right.kids[i] = kid;
      kid.parent = right;
      live += kid.live;
    }
    right.size = moved;
    inner.size = half;
    right.live = live;
    inner.live -= live;
    addSibling(inner, right);
  }

  private synchronized LongObjectMap<Leaf> buildIndex() {
    if (index != null) {
      return index;
    }
    LongObjectMap<Leaf> built = new LongObjectMap<>(Math.max(16, total));
    for (Leaf leaf = first; leaf != null; leaf = leaf.next) {
      for (int i = 0; i < leaf.size; i++) {
        built.put(leaf.ids[i], leaf);
      }
    }
    index = built;
    return built;
  }
}
