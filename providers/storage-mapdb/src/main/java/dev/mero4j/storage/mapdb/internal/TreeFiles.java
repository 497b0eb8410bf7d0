package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.WriteBatch.Operation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The B-trees of a store, one per keyspace in each copy of its {@link MirroredFiles}, changed with
 * the crash-safe protocol: marker P, change and commit the primary, marker M, change and commit the
 * mirror. Reads use the primary. The caller serializes changes and keeps reads away from them.
 */
final class TreeFiles {
  /** Prefix of keyspace maps in MapDB's name catalog, leaving room for internal maps later. */
  private static final String KEYSPACE_PREFIX = "ks.";

  private final MirroredFiles.Opened files;
  private final ConcurrentMap<String, Trees> maps = new ConcurrentHashMap<>();

  /** One keyspace's B-tree in each copy. */
  private record Trees(BTreeMap<byte[], byte[]> primary, BTreeMap<byte[], byte[]> mirror) {}

  TreeFiles(MirroredFiles.Opened files) {
    this.files = files;
    for (String name : files.primary().getAllNames()) {
      if (name.startsWith(KEYSPACE_PREFIX)) {
        String keyspace = name.substring(KEYSPACE_PREFIX.length());
        maps.put(
            keyspace,
            new Trees(treeMap(files.primary(), keyspace), treeMap(files.mirror(), keyspace)));
      }
    }
  }

  Set<String> keyspaces() {
    return maps.keySet();
  }

  boolean has(String keyspace) {
    return maps.containsKey(keyspace);
  }

  /** The primary B-tree of an existing keyspace. */
  BTreeMap<byte[], byte[]> map(String keyspace) {
    return maps.get(keyspace).primary();
  }

  /** Creates the missing keyspaces in both copies. */
  void create(Collection<String> names) {
    List<String> missing = names.stream().filter(n -> !maps.containsKey(n)).distinct().toList();
    if (missing.isEmpty()) {
      return;
    }
    files.marker().set(DirtyMarker.PRIMARY);
    missing.forEach(name -> treeMap(files.primary(), name));
    files.primary().commit();
    files.marker().set(DirtyMarker.MIRROR);
    missing.forEach(name -> treeMap(files.mirror(), name));
    files.mirror().commit();
    for (String name : missing) {
      maps.put(name, new Trees(treeMap(files.primary(), name), treeMap(files.mirror(), name)));
    }
  }

  /** Writes the entries of {@code overlay} to the primary, commits, then the mirror, commits. */
  void apply(Overlay overlay) {
    create(overlay.all().keySet());
    files.marker().set(DirtyMarker.PRIMARY);
    apply(overlay, Trees::primary);
    files.primary().commit();
    files.marker().set(DirtyMarker.MIRROR);
    apply(overlay, Trees::mirror);
    files.mirror().commit();
  }

  private void apply(Overlay overlay, Function<Trees, BTreeMap<byte[], byte[]>> copy) {
    for (Map.Entry<String, NavigableMap<byte[], byte[]>> keyspace : overlay.all().entrySet()) {
      BTreeMap<byte[], byte[]> map = copy.apply(maps.get(keyspace.getKey()));
      for (Map.Entry<byte[], byte[]> e : keyspace.getValue().entrySet()) {
        if (e.getValue() == Layers.DELETED) {
          map.remove(e.getKey());
        } else {
          map.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** Closes both copies and marks them clean. */
  void close() {
    maps.clear();
    files.primary().close();
    files.mirror().close();
    files.marker().set(DirtyMarker.CLEAN);
    files.marker().close();
  }

  /** Closes both copies and the marker (leaving its state), adding failures to {@code cause}. */
  void closeAfterFailure(RuntimeException cause) {
    maps.clear();
    for (Runnable close :
        List.<Runnable>of(files.primary()::close, files.mirror()::close, files.marker()::close)) {
      try {
        close.run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** Whether a batch only touches keyspaces that exist. */
  boolean hasAll(List<Operation> operations) {
    for (Operation op : operations) {
      if (!maps.containsKey(op.keyspace())) {
        return false;
      }
    }
    return true;
  }

  private static BTreeMap<byte[], byte[]> treeMap(DB db, String keyspace) {
    return db.treeMap(
            KEYSPACE_PREFIX + keyspace, Serializer.BYTE_ARRAY_DELTA, Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable()
        .createOrOpen();
  }
}
