package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.ByteKey;
import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.crdt.internal.Stamp;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Read-only metadata of state entries for inspection tools (the state browser): what the tree keeps
 * per entity, including removed entries whose tombstones were not collected yet. Changes nothing.
 */
public final class EntryInspector {
  private EntryInspector() {}

  /**
   * One entity as the tree keeps it.
   *
   * @param key its key in the parent collection
   * @param type its current type ({@link CrdtType#NONE} for a tombstone-only placeholder)
   * @param deleted whether it is hidden by a removal (its own or an ancestor's)
   * @param author who made the write that set the current type/value, or, when deleted, the
   *     removal; empty when the tree keeps no such write
   * @param hlc the hybrid-clock stamp of that write, 0 when there is none
   * @param value the register value (the last one, when deleted), null for collections
   */
  public record Meta(
      EntityId id,
      byte[] key,
      CrdtType type,
      boolean deleted,
      Optional<PublicKey> author,
      long hlc,
      byte[] value) {}

  /** The entity {@code id} (visible or not), if the tree holds it. */
  public static Optional<Meta> meta(Transaction tx, EntityId id) {
    Entity e = tx.tree().get(id);
    return e == null ? Optional.empty() : Optional.of(meta(tx, e));
  }

  /**
   * Up to {@code limit} children of keyed collection {@code parent} with keys after {@code after}
   * (null: from the first), in unsigned key order, removed ones included. Placeholders that carry
   * no removal are skipped. Work is one pass over the children.
   */
  public static List<Meta> children(Transaction tx, EntityId parent, byte[] after, int limit) {
    Entity p = tx.entity(parent);
    ByteKey from = after == null ? null : ByteKey.copyOf(after);
    NavigableMap<ByteKey, Entity> sorted = p.sortedChildren();
    List<Entity> picked = new ArrayList<>();
    if (sorted != null) {
      Collection<Entity> tail =
          from == null ? sorted.values() : sorted.tailMap(from, false).values();
      for (Entity child : tail) {
        if (picked.size() >= limit) {
          break;
        }
        if (listed(tx, child)) {
          picked.add(child);
        }
      }
    } else {
      PriorityQueue<Keyed> smallest =
          new PriorityQueue<>(Comparator.comparing(Keyed::key).reversed());
      for (Entity child : p.children()) {
        ByteKey key = ByteKey.copyOf(child.key());
        if ((from != null && key.compareTo(from) <= 0) || !listed(tx, child)) {
          continue;
        }
        smallest.add(new Keyed(key, child));
        if (smallest.size() > limit) {
          smallest.poll();
        }
      }
      List<Keyed> ordered = new ArrayList<>(smallest);
      ordered.sort(Comparator.comparing(Keyed::key));
      ordered.forEach(k -> picked.add(k.entity()));
    }
    List<Meta> out = new ArrayList<>(picked.size());
    for (Entity child : picked) {
      out.add(meta(tx, child));
    }
    return out;
  }

  /** The number of visible children of a keyed collection. */
  public static int visibleChildren(Transaction tx, EntityId parent) {
    return tx.map(parent).size();
  }

  private record Keyed(ByteKey key, Entity entity) {}

  private static boolean listed(Transaction tx, Entity e) {
    return tx.tree().isVisible(e) || removal(e) != null;
  }

  private static Meta meta(Transaction tx, Entity e) {
    boolean deleted = !tx.tree().isVisible(e);
    Stamp stamp = deleted ? removal(e) : e.typeStamp();
    byte[] value =
        e.type() == CrdtType.LWW_REGISTER && e.value() != null ? e.value().clone() : null;
    return new Meta(
        e.id(),
        e.key(),
        e.type(),
        deleted,
        stamp == null ? Optional.empty() : Optional.of(stamp.replica().key()),
        stamp == null ? 0 : stamp.time(),
        value);
  }

  /** The newest removal on the path from the root to {@code e}, or null. */
  private static Stamp removal(Entity e) {
    Stamp newest = null;
    for (Entity x = e; x != null; x = x.parent()) {
      Stamp t = x.tombstone();
      if (t != null && (newest == null || t.compareTo(newest) > 0)) {
        newest = t;
      }
    }
    return newest;
  }
}
