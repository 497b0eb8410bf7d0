package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.ByteKey;
import dev.mero4j.crdt.internal.Entity;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A keyed collection addressed by byte keys: the root, an unordered or sorted map, or a set (whose
 * members are keys with empty values). Values are last-writer-wins registers or nested collections.
 */
public final class MapHandle {
  private final Transaction tx;
  private final Entity entity;

  MapHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  public CrdtType type() {
    return entity.type();
  }

  /** The register value under {@code key}, if visible. */
  public Optional<byte[]> get(byte[] key) {
    Entity child = visibleChild(key);
    return child == null || child.type() != CrdtType.LWW_REGISTER
        ? Optional.empty()
        : Optional.of(child.value().clone());
  }

  public boolean containsKey(byte[] key) {
    return visibleChild(key) != null;
  }

  public void put(byte[] key, byte[] value) {
    tx.submit(new Action.Put(entity.id(), key, value));
  }

  /** Removes {@code key}; returns whether it was visible. */
  public boolean remove(byte[] key) {
    boolean present = containsKey(key);
    if (present) {
      tx.submit(new Action.Remove(entity.id(), key));
    }
    return present;
  }

  /** Adds a set member (an entry with an empty value). */
  public boolean add(byte[] member) {
    boolean absent = !containsKey(member);
    if (absent) {
      put(member, new byte[0]);
    }
    return absent;
  }

  public int size() {
    int n = 0;
    for (Entity child : entity.children()) {
      if (tx.tree().isVisible(child)) {
        n++;
      }
    }
    return n;
  }

  /** Visible keys; unsigned byte order for sorted collections, unspecified otherwise. */
  public List<byte[]> keys() {
    List<byte[]> keys = new ArrayList<>();
    for (Entity child : entity.children()) {
      if (tx.tree().isVisible(child)) {
        keys.add(child.key());
      }
    }
    return keys;
  }

  /** Visible register entries (nested collections are listed by {@link #keys()}). */
  public List<Map.Entry<byte[], byte[]>> entries() {
    return registerEntries(entity.children(), 0, Integer.MAX_VALUE);
  }

  /** Register entries with {@code from <= key < to} (null = open), sorted collections only. */
  public List<Map.Entry<byte[], byte[]>> range(byte[] from, byte[] to, int limit) {
    NavigableMap<ByteKey, Entity> sorted = sorted();
    NavigableMap<ByteKey, Entity> view = sorted;
    if (from != null && to != null) {
      view = sorted.subMap(ByteKey.copyOf(from), true, ByteKey.copyOf(to), false);
    } else if (from != null) {
      view = sorted.tailMap(ByteKey.copyOf(from), true);
    } else if (to != null) {
      view = sorted.headMap(ByteKey.copyOf(to), false);
    }
    return registerEntries(view.values(), 0, limit);
  }

  /** Register entries whose key starts with {@code prefix}, sorted collections only. */
  public List<Map.Entry<byte[], byte[]>> prefix(byte[] prefix, int limit) {
    byte[] end = prefixEnd(prefix);
    return range(prefix, end, limit);
  }

  /** The {@code limit} register entries after skipping {@code offset}, sorted collections only. */
  public List<Map.Entry<byte[], byte[]>> page(int offset, int limit) {
    return registerEntries(sorted().values(), offset, limit);
  }

  public MapHandle map(byte[] key) {
    return new MapHandle(tx, collection(key, CrdtType.UNORDERED_MAP));
  }

  public MapHandle sortedMap(byte[] key) {
    return new MapHandle(tx, collection(key, CrdtType.SORTED_MAP));
  }

  public MapHandle set(byte[] key) {
    return new MapHandle(tx, collection(key, CrdtType.UNORDERED_SET));
  }

  public MapHandle sortedSet(byte[] key) {
    return new MapHandle(tx, collection(key, CrdtType.SORTED_SET));
  }

  public TextHandle text(byte[] key) {
    return new TextHandle(tx, collection(key, CrdtType.RGA));
  }

  public CounterHandle gCounter(byte[] key) {
    return new CounterHandle(tx, collection(key, CrdtType.G_COUNTER));
  }

  public CounterHandle pnCounter(byte[] key) {
    return new CounterHandle(tx, collection(key, CrdtType.PN_COUNTER));
  }

  public VectorHandle vector(byte[] key) {
    return new VectorHandle(tx, collection(key, CrdtType.VECTOR));
  }

  public UserStorageHandle userStorage(byte[] key) {
    return new UserStorageHandle(tx, collection(key, CrdtType.USER_STORAGE));
  }

  public FrozenStorageHandle frozenStorage(byte[] key) {
    return new FrozenStorageHandle(tx, collection(key, CrdtType.FROZEN_STORAGE));
  }

  /** The nested collection under {@code key}, created (or revived) when absent. */
  Entity collection(byte[] key, CrdtType type) {
    Entity child = visibleChild(key);
    if (child == null || child.type() != type) {
      tx.submit(new Action.Create(entity.id(), key, type));
      child = entity.child(ByteKey.copyOf(key));
    }
    return child;
  }

  private Entity visibleChild(byte[] key) {
    Entity child = entity.child(ByteKey.copyOf(key));
    return child != null && tx.tree().isVisible(child) ? child : null;
  }

  private NavigableMap<ByteKey, Entity> sorted() {
    NavigableMap<ByteKey, Entity> sorted = entity.sortedChildren();
    if (sorted == null) {
      if (!entity.children().isEmpty() || !entity.type().isSorted()) {
        throw new UnsupportedOperationException(entity.type() + " is not sorted");
      }
      return new java.util.TreeMap<>();
    }
    return sorted;
  }

  private List<Map.Entry<byte[], byte[]>> registerEntries(
      Collection<Entity> children, int offset, int limit) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    int skipped = 0;
    for (Entity child : children) {
      if (out.size() >= limit) {
        break;
      }
      if (child.type() == CrdtType.LWW_REGISTER && tx.tree().isVisible(child)) {
        if (skipped++ >= offset) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(child.key(), child.value().clone()));
        }
      }
    }
    return out;
  }

  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
