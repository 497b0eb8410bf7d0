package dev.mero4j.crdt.internal;

import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;

/**
 * A leaf of a {@link Sequence}'s counted B+tree: its elements in document order, stored as runs of
 * one replica's consecutive element ids sharing one live flag, plus the elements' code points.
 *
 * <p>A run is its first id and its length (the sign bit marks a run of tombstones), so a typed
 * stretch of text costs 12 bytes however long it is, and a code point costs one byte while every
 * code point of the leaf is below 256. A run is split on demand when an insert or a flag change
 * lands inside it, and merged back with a neighbour that continues it.
 */
final class SequenceLeaf extends SequenceNodes.Node {
  static final int RUN_CAPACITY = 64;
  static final int ELEMENT_CAPACITY = 1024;

  /** Element ids of one replica with consecutive counters differ by this. */
  static final long NEXT = 1L << 24;

  private static final int DELETED = Sequence.DELETED;
  private static final int LENGTH = ~DELETED;
  private static final int MIN_VALUES = 16;

  /** First element id of each run. */
  final long[] ids = new long[RUN_CAPACITY];

  /** Length of each run, with {@link Sequence#DELETED} set for a run of tombstones. */
  final int[] lens = new int[RUN_CAPACITY];

  int runs;
  int size;
  SequenceLeaf next;
  private final boolean text;

  /** The code points while all are below 256, else null. */
  private byte[] narrow;

  /** The code points once one is 256 or above, else null. */
  private int[] wide;

  SequenceLeaf(boolean text) {
    this.text = text;
    if (text) {
      narrow = new byte[MIN_VALUES];
    }
  }

  boolean isText() {
    return text;
  }

  int length(int run) {
    return lens[run] & LENGTH;
  }

  boolean isDead(int run) {
    return lens[run] < 0;
  }

  /** The code point of element {@code offset} (0 for a vector). */
  int valueAt(int offset) {
    if (!text) {
      return 0;
    }
    return wide != null ? wide[offset] : narrow[offset] & 0xff;
  }

  /** Whether one more element can be inserted or one run's flags changed without a split. */
  boolean hasRoom() {
    return runs + 2 <= RUN_CAPACITY && size < ELEMENT_CAPACITY;
  }

  /** The position of element {@code offset}, which must exist. */
  Sequence.Pos pos(int offset) {
    int start = 0;
    for (int r = 0; ; r++) {
      int len = length(r);
      if (offset < start + len) {
        return new Sequence.Pos(this, offset, r, offset - start);
      }
      start += len;
    }
  }

  /** The position of the {@code index}-th live element of this leaf, which must exist. */
  Sequence.Pos liveAt(int index) {
    int start = 0;
    for (int r = 0; ; r++) {
      int len = length(r);
      if (!isDead(r)) {
        if (index < len) {
          return new Sequence.Pos(this, start + index, r, index);
        }
        index -= len;
      }
      start += len;
    }
  }

  /** The position of element {@code id} in this leaf, or null. */
  Sequence.Pos find(long id) {
    int start = 0;
    for (int r = 0; r < runs; r++) {
      // Same replica exactly when the low (replica) bits cancel; then the rest is the counter gap.
      long gap = id - ids[r];
      int len = length(r);
      if (gap >= 0 && (gap & (NEXT - 1)) == 0 && gap < len * NEXT) {
        int k = (int) (gap / NEXT);
        return new Sequence.Pos(this, start + k, r, k);
      }
      start += len;
    }
    return null;
  }

  /** Number of live elements before element {@code offset}. */
  int liveBefore(int offset) {
    int count = 0;
    int start = 0;
    for (int r = 0; start < offset; r++) {
      int len = Math.min(length(r), offset - start);
      if (!isDead(r)) {
        count += len;
      }
      start += length(r);
    }
    return count;
  }

  /**
   * Inserts element {@code id} with {@code val} (flag and code point) before element {@code
   * offset}; the leaf must have room. A run the new element continues grows by one instead. Returns
   * the new element's position.
   */
  Sequence.Pos insert(int offset, long id, int val) {
    int r = 0;
    int start = 0;
    while (r < runs && start + length(r) < offset) {
      start += length(r++);
    }
    return insertIn(r, start, offset, id, val);
  }

  /**
   * {@link #insert} before element {@code k} of run {@code run}, element {@code offset} of the leaf
   * ({@code k} is 0 at the start of a run or past the last run), without scanning the runs.
   */
  Sequence.Pos insertBefore(int run, int k, int offset, long id, int val) {
    if (offset == 0) {
      return insertIn(0, 0, 0, id, val);
    }
    return k > 0
        ? insertIn(run, offset - k, offset, id, val)
        : insertIn(run - 1, offset - length(run - 1), offset, id, val);
  }

  /**
   * The insert, given run {@code r} that holds element {@code offset - 1} (run 0 at offset 0) and
   * the offset {@code start} of its first element.
   */
  private Sequence.Pos insertIn(int r, int start, int offset, long id, int val) {
    int flag = val & DELETED;
    if (r < runs && offset > 0) {
      int len = length(r);
      if (start + len == offset && (lens[r] & DELETED) == flag && ids[r] + len * NEXT == id) {
        lens[r]++;
        insertValue(offset, val & LENGTH);
        return new Sequence.Pos(this, offset, r, len);
      }
      if (start + len > offset) {
        splitRun(r, offset - start);
      }
      r++;
    }
    openRuns(r, 1);
    ids[r] = id;
    lens[r] = flag | 1;
    insertValue(offset, val & LENGTH);
    return new Sequence.Pos(this, offset, r, 0);
  }

  /**
   * Gives elements {@code k .. k + count} of run {@code run} the flag {@code deleted}; they all
   * have the other flag. The leaf must have room. Element offsets do not change.
   */
  void mark(int run, int k, int count, boolean deleted) {
    if (k > 0) {
      splitRun(run, k);
      run++;
    }
    if (count < length(run)) {
      splitRun(run, count);
    }
    lens[run] = (deleted ? DELETED : 0) | length(run);
    mergeWithNext(run);
    if (run > 0) {
      mergeWithNext(run - 1);
    }
  }

  /**
   * Moves the second half of this leaf (by runs when runs are scarce, else by elements) into a new
   * leaf chained after it, and returns the new leaf. Live counts are settled by the caller.
   */
  SequenceLeaf splitOff() {
    int r;
    int cut;
    if (runs + 2 > RUN_CAPACITY) {
      r = runs / 2;
      cut = 0;
      for (int i = 0; i < r; i++) {
        cut += length(i);
      }
    } else {
      cut = size / 2;
      int start = 0;
      r = 0;
      while (start + length(r) <= cut) {
        start += length(r++);
      }
      if (start < cut) {
        splitRun(r, cut - start);
        r++;
      }
    }
    SequenceLeaf right = new SequenceLeaf(text);
    int moved = runs - r;
    System.arraycopy(ids, r, right.ids, 0, moved);
    System.arraycopy(lens, r, right.lens, 0, moved);
    right.runs = moved;
    runs = r;
    right.takeValues(this, cut, size - cut);
    size = cut;
    right.next = next;
    next = right;
    return right;
  }

  /**
   * Appends up to {@code count} elements of one run during a bulk load, from {@code id} on with the
   * deleted flag {@code flag}; returns how many fit (0 when the leaf is full).
   */
  int appendRun(long id, int flag, int count) {
    int take = Math.min(count, ELEMENT_CAPACITY - size);
    int last = runs - 1;
    if (take == 0) {
      return 0;
    }
    if (last >= 0 && (lens[last] & DELETED) == flag && ids[last] + length(last) * NEXT == id) {
      lens[last] += take;
    } else if (runs == RUN_CAPACITY) {
      return 0;
    } else {
      ids[runs] = id;
      lens[runs++] = flag | take;
    }
    size += take;
    return take;
  }

  /**
   * Ends the bulk load of this leaf: reads the code points of its elements from {@code values} into
   * arrays of exactly their size, and counts the live elements.
   */
  void finishLoad(IntSupplier values) {
    live = countLive();
    if (!text) {
      return;
    }
    byte[] bytes = new byte[Math.max(size, 1)];
    for (int i = 0; i < size; i++) {
      int cp = values.getAsInt();
      if (cp > 0xff) {
        int[] all = new int[bytes.length];
        for (int j = 0; j < i; j++) {
          all[j] = bytes[j] & 0xff;
        }
        all[i] = cp;
        for (int j = i + 1; j < size; j++) {
          all[j] = values.getAsInt();
        }
        narrow = null;
        wide = all;
        return;
      }
      bytes[i] = (byte) cp;
    }
    narrow = bytes;
  }

  /** Number of live elements in this leaf. */
  int countLive() {
    int live = 0;
    for (int r = 0; r < runs; r++) {
      if (!isDead(r)) {
        live += length(r);
      }
    }
    return live;
  }

  /**
   * Whether this leaf holds an element of the replica of {@code first} whose counter is within
   * {@code count} of {@code first}'s.
   */
  boolean holds(long first, int count) {
    long last = first + (count - 1L) * NEXT;
    for (int r = 0; r < runs; r++) {
      long start = ids[r];
      if (((start - first) & (NEXT - 1)) == 0
          && start <= last
          && start + (length(r) - 1L) * NEXT >= first) {
        return true;
      }
    }
    return false;
  }

  /** Appends the live code points. */
  void appendText(StringBuilder out) {
    for (int r = 0, offset = 0; r < runs; offset += length(r++)) {
      if (!isDead(r)) {
        for (int i = offset, end = offset + length(r); i < end; i++) {
          out.appendCodePoint(valueAt(i));
        }
      }
    }
  }

  /** Visits every element in order; returns false as soon as {@code visitor} does. */
  boolean forEach(Sequence.ElementVisitor visitor) {
    for (int r = 0, offset = 0; r < runs; r++) {
      int flag = lens[r] & DELETED;
      for (int k = 0, len = length(r); k < len; k++, offset++) {
        if (!visitor.visit(ids[r] + k * NEXT, valueAt(offset) | flag)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Visits the live element ids from element {@code k} of run {@code run} on; returns false as soon
   * as {@code visitor} does.
   */
  boolean forEachLive(int run, int k, LongPredicate visitor) {
    for (; run < runs; run++, k = 0) {
      if (!isDead(run)) {
        for (int len = length(run); k < len; k++) {
          if (!visitor.test(ids[run] + k * NEXT)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void takeValues(SequenceLeaf from, int start, int count) {
    size = count;
    if (!text) {
      return;
    }
    int capacity = Math.max(MIN_VALUES, count);
    if (from.wide != null) {
      narrow = null;
      wide = new int[capacity];
      System.arraycopy(from.wide, start, wide, 0, count);
    } else {
      narrow = new byte[capacity];
      System.arraycopy(from.narrow, start, narrow, 0, count);
    }
  }

  private void insertValue(int offset, int cp) {
    if (text) {
      if (wide == null && cp > 0xff) {
        widen();
      }
      if (wide != null) {
        if (size == wide.length) {
          wide = Arrays.copyOf(wide, grown(size));
        }
        System.arraycopy(wide, offset, wide, offset + 1, size - offset);
        wide[offset] = cp;
      } else {
        if (size == narrow.length) {
          narrow = Arrays.copyOf(narrow, grown(size));
        }
        System.arraycopy(narrow, offset, narrow, offset + 1, size - offset);
        narrow[offset] = (byte) cp;
      }
    }
    size++;
  }

  private static int grown(int size) {
    return Math.min(ELEMENT_CAPACITY, Math.max(MIN_VALUES, size * 2));
  }

  private void widen() {
    wide = new int[Math.max(MIN_VALUES, narrow.length)];
    for (int i = 0; i < size; i++) {
      wide[i] = narrow[i] & 0xff;
    }
    narrow = null;
  }

  /** Splits run {@code r} into its first {@code k} elements and the rest. */
  private void splitRun(int r, int k) {
    openRuns(r + 1, 1);
    int flag = lens[r] & DELETED;
    int len = length(r);
    ids[r + 1] = ids[r] + k * NEXT;
    lens[r + 1] = flag | (len - k);
    lens[r] = flag | k;
  }

  private void openRuns(int at, int count) {
    System.arraycopy(ids, at, ids, at + count, runs - at);
    System.arraycopy(lens, at, lens, at + count, runs - at);
    runs += count;
  }

  private void mergeWithNext(int r) {
    if (r + 1 < runs
        && (lens[r] & DELETED) == (lens[r + 1] & DELETED)
        && ids[r] + length(r) * NEXT == ids[r + 1]) {
      lens[r] += length(r + 1);
      System.arraycopy(ids, r + 2, ids, r + 1, runs - r - 2);
      System.arraycopy(lens, r + 2, lens, r + 1, runs - r - 2);
      runs--;
    }
  }
}
