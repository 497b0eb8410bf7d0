package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle nodes a receiver already authenticated in the last few batches whose signature it
 * verified, so the later envelopes of a batch cost their leaf hash and a few hashes up to the first
 * node already known, instead of the whole audit path, the signed digest and the signature memo.
 *
 * <p>A batch is entered only after one of its envelopes passed the full check (its path led to a
 * root whose signature verified): that root, every node on the path and every sibling the path
 * named are then authentic. An envelope of the same batch (same context, author, signature and
 * size) is accepted when the hashes from its leaf up meet a known node with equal bytes and every
 * sibling its path names above that node equals the known one; these are exactly the envelopes
 * whose full path would have led to the signed root. Anything else (a known node that differs, a
 * batch not held) is left to the full check. Known nodes are closed upwards: with a node, its
 * ancestors and their siblings are known, so the siblings above a match are always there to
 * compare. At most {@link #BATCHES} batches of up to {@code 2n} nodes each are kept.
 */
final class KnownPaths {
  /** Batches remembered: a receiver takes one writer's batch at a time, a few writers at once. */
  static final int BATCHES = 4;

  /** Levels below the root of a batch of at most {@link BatchProof#MAX_BATCH} (256) leaves. */
  private static final int LEVELS = 8;

  private final Batch[] recent = new Batch[BATCHES];
  private int next;

  /**
   * Whether {@code leaf} at {@code index} with {@code path} is authenticated by the known nodes of
   * the batch of {@code n} that {@code author} signed with {@code signature}; learns the nodes it
   * computed when so. False means only: not known here.
   */
  synchronized boolean covers(
      ContextId context,
      PublicKey author,
      Signature signature,
      int n,
      int index,
      Hash leaf,
      List<Hash> path) {
    Batch batch = find(context, author, signature, n);
    return batch != null && batch.covers(index, leaf, path);
  }

  /**
   * Remembers that {@code leaf} at {@code index} with {@code path} led to {@code root}, whose
   * signature by {@code author} verified.
   */
  synchronized void verified(
      ContextId context,
      PublicKey author,
      Signature signature,
      int n,
      Hash root,
      int index,
      Hash leaf,
      List<Hash> path) {
    Batch batch = find(context, author, signature, n);
    if (batch == null) {
      batch = new Batch(context, author, signature, n, root);
      recent[next] = batch;
      next = (next + 1) % BATCHES;
    }
    batch.learn(index, leaf, path);
  }

  private Batch find(ContextId context, PublicKey author, Signature signature, int n) {
    for (Batch batch : recent) {
      if (batch != null
          && batch.n == n
          && batch.signature.equals(signature)
          && batch.author.equals(author)
          && batch.context.equals(context)) {
        return batch;
      }
    }
    return null;
  }

  /** One batch's tree, level by level from the leaves up, each level {@code ceil} of the last. */
  private static final class Batch {
    final ContextId context;
    final PublicKey author;
    final Signature signature;
    final int n;
    final byte[] nodes;
    final boolean[] known;

    Batch(ContextId context, PublicKey author, Signature signature, int n, Hash root) {
      this.context = context;
      this.author = author;
      this.signature = signature;
      this.n = n;
      int slots = 0;
      for (int size = n; ; size = (size + 1) / 2) {
        slots += size;
        if (size == 1) {
          break;
        }
      }
      this.nodes = new byte[slots * Hash.LENGTH];
      this.known = new boolean[slots];
      set(slots - 1, root.toBytes());
    }

    boolean covers(int index, Hash leaf, List<Hash> path) {
      // what the walk computes and reads below the first known node, learned only on success
      int[] slots = new int[2 * LEVELS];
      byte[][] hashes = new byte[slots.length][];
      int learned = 0;
      byte[] at = leaf.toBytes();
      int next = 0;
      int offset = 0;
      int i = index;
      for (int size = n; ; i >>= 1, size = (size + 1) / 2) {
        int slot = offset + i;
        if (known[slot]) {
          if (!same(slot, at) || !siblingsMatch(offset, size, i, path, next)) {
            return false;
          }
          for (int k = 0; k < learned; k++) {
            set(slots[k], hashes[k]);
          }
          return true;
        }
        if (size == 1 || learned + 2 > slots.length) {
          return false; // unreachable: the root is known, and a path has a sibling per level
        }
        slots[learned] = slot;
        hashes[learned++] = at;
        if ((i & 1) == 1) {
          byte[] sibling = path.get(next++).toBytes();
          slots[learned] = slot - 1;
          hashes[learned++] = sibling;
          at = Hash.sha256Bytes(BatchProof.NODE, sibling, at);
        } else if (i + 1 < size) {
          byte[] sibling = path.get(next++).toBytes();
          slots[learned] = slot + 1;
          hashes[learned++] = sibling;
          at = Hash.sha256Bytes(BatchProof.NODE, at, sibling);
        }
        offset += size;
      }
    }

    /** From the known node at (offset + i) up: each sibling the path names equals the known one. */
    private boolean siblingsMatch(int offset, int size, int i, List<Hash> path, int next) {
      for (; size > 1; offset += size, i >>= 1, size = (size + 1) / 2) {
        int sibling = (i & 1) == 1 ? i - 1 : i + 1 < size ? i + 1 : -1;
        if (sibling >= 0) {
          int slot = offset + sibling;
          if (!known[slot] || !same(slot, path.get(next++).toBytes())) {
            return false;
          }
        }
      }
      return next == path.size();
    }

    /** Records the nodes from {@code leaf} up and the siblings of {@code path} as known. */
    void learn(int index, Hash leaf, List<Hash> path) {
      byte[] at = leaf.toBytes();
      int next = 0;
      int offset = 0;
      int i = index;
      for (int size = n; size > 1; i >>= 1, size = (size + 1) / 2) {
        set(offset + i, at);
        if ((i & 1) == 1) {
          byte[] sibling = path.get(next++).toBytes();
          set(offset + i - 1, sibling);
          at = Hash.sha256Bytes(BatchProof.NODE, sibling, at);
        } else if (i + 1 < size) {
          byte[] sibling = path.get(next++).toBytes();
          set(offset + i + 1, sibling);
          at = Hash.sha256Bytes(BatchProof.NODE, at, sibling);
        }
        offset += size;
      }
    }

    private boolean same(int slot, byte[] hash) {
      int from = slot * Hash.LENGTH;
      return Arrays.equals(nodes, from, from + Hash.LENGTH, hash, 0, Hash.LENGTH);
    }

    private void set(int slot, byte[] hash) {
      System.arraycopy(hash, 0, nodes, slot * Hash.LENGTH, Hash.LENGTH);
      known[slot] = true;
    }
  }
}
