package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The state behind a MapDB engine: the two copies of the file ({@link MirroredFiles}), one B-tree
 * per keyspace in each, the lock that serializes writes and the undo logs of open snapshots. Reads
 * use the primary copy only.
 */
public final class MapDbStore {
  private static final System.Logger LOG = System.getLogger(MapDbStore.class.getName());

  /** Prefix of keyspace maps in MapDB's name catalog, leaving room for internal maps later. */
  private static final String KEYSPACE_PREFIX = "ks.";

  private final Path file;
  private final DirectoryLock directoryLock;
  private final MirroredFiles.Opened files;
  private final ConcurrentMap<String, Trees> maps = new ConcurrentHashMap<>();
  private final Set<UndoLog> snapshots = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Lifecycle lifecycle = new Lifecycle("storage engine");

  private MapDbStore(Path file, DirectoryLock directoryLock, MirroredFiles.Opened files) {
    this.file = file;
    this.directoryLock = directoryLock;
    this.files = files;
  }

  /** One keyspace's B-tree in each copy. */
  private record Trees(BTreeMap<byte[], byte[]> primary, BTreeMap<byte[], byte[]> mirror) {}

  /** Locks the directory, opens or creates the file and loads the keyspace catalog. */
  public static MapDbStore open(StorageConfig config) {
    Path dir = config.directory();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageIoException("cannot create " + dir, e);
    }
    DirectoryLock directoryLock = DirectoryLock.acquire(dir);
    Path file = dir.resolve(MirroredFiles.PRIMARY_FILE);
    MirroredFiles.Opened files = null;
    try {
      files = MirroredFiles.open(dir, config.durability());
      MapDbStore store = new MapDbStore(file, directoryLock, files);
      for (String name : files.primary().getAllNames()) {
        if (name.startsWith(KEYSPACE_PREFIX)) {
          String keyspace = name.substring(KEYSPACE_PREFIX.length());
          store.maps.put(
              keyspace,
              new Trees(treeMap(files.primary(), keyspace), treeMap(files.mirror(), keyspace)));
        }
      }
      LOG.log(Level.DEBUG, "opened {0} with keyspaces {1}", file, store.maps.keySet());
      return store;
    } catch (RuntimeException e) {
      if (files != null) {
        closeAll(files, e);
      }
      directoryLock.close();
      throw Errors.mapOpen(e, file);
    }
  }

  public Keyspace keyspace(String name) {
    lifecycle.check();
    StorageLimits.checkKeyspace(name);
    if (!maps.containsKey(name)) {
      writeLocked(() -> createKeyspaces(List.of(name)));
    }
    return new MapDbKeyspace(this, name);
  }

  public Set<String> keyspaces() {
    lifecycle.check();
    return Set.copyOf(maps.keySet());
  }

  /** Validates every operation, then applies them all in one commit. */
  public void write(List<Operation> operations) {
    lifecycle.check();
    List<String> keyspaces = new ArrayList<>();
    for (Operation op : operations) {
      StorageLimits.checkKeyspace(op.keyspace());
      StorageLimits.checkKey(op.key());
      if (!op.isDelete()) {
        StorageLimits.checkValue(op.value());
      }
      if (!maps.containsKey(op.keyspace()) && !keyspaces.contains(op.keyspace())) {
        keyspaces.add(op.keyspace());
      }
    }
    if (operations.isEmpty()) {
      return;
    }
    writeLocked(
        () -> {
          createKeyspaces(keyspaces);
          applyAndCommit(operations);
          return null;
        });
  }

  public StorageSnapshot snapshot() {
    return readLocked(
        () -> {
          UndoLog undo = new UndoLog(Set.copyOf(maps.keySet()));
          snapshots.add(undo);
          return new MapDbSnapshot(this, undo);
        });
  }

  public void close() {
    lock.writeLock().lock();
    try {
      if (!lifecycle.close()) {
        return;
      }
      snapshots.clear();
      maps.clear();
      try {
        files.primary().close();
        files.mirror().close();
        files.marker().set(DirtyMarker.CLEAN);
        files.marker().close();
      } catch (RuntimeException e) {
        throw Errors.map(e, file);
      } finally {
        directoryLock.close();
      }
      LOG.log(Level.DEBUG, "closed {0}", file);
    } finally {
      lock.writeLock().unlock();
    }
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The live map of an existing keyspace. */
  BTreeMap<byte[], byte[]> map(String keyspace) {
    return maps.get(keyspace).primary();
  }

  void release(UndoLog undo) {
    snapshots.remove(undo);
  }

  <T> T readLocked(Supplier<T> action) {
    return locked(lock.readLock(), action);
  }

  <T> T writeLocked(Supplier<T> action) {
    return locked(lock.writeLock(), action);
  }

  /**
   * Runs {@code action} under {@code held} with the thread's interrupt set aside: MapDB grows its
   * files through a {@code FileChannel}, which an interrupt closes, and a copy broken half way
   * closes the whole store. The interrupt is restored for the caller afterwards.
   */
  private <T> T locked(Lock held, Supplier<T> action) {
    boolean interrupted = Thread.interrupted();
    held.lock();
    try {
      lifecycle.check();
      return action.get();
    } finally {
      held.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Creates the missing keyspaces in both copies; caller holds the write lock. */
  private Void createKeyspaces(Collection<String> names) {
    List<String> missing = names.stream().filter(n -> !maps.containsKey(n)).toList();
    if (missing.isEmpty()) {
      return null;
    }
    try {
      files.marker().set(DirtyMarker.PRIMARY);
      missing.forEach(name -> treeMap(files.primary(), name));
      files.primary().commit();
      files.marker().set(DirtyMarker.MIRROR);
      missing.forEach(name -> treeMap(files.mirror(), name));
      files.mirror().commit();
      for (String name : missing) {
        maps.put(name, new Trees(treeMap(files.primary(), name), treeMap(files.mirror(), name)));
      }
      return null;
    } catch (RuntimeException e) {
      throw breakDown(e);
    }
  }

  /** Saves old values into open snapshots, then changes and commits each copy in turn. */
  private void applyAndCommit(List<Operation> operations) {
    for (Operation op : operations) {
      saveForSnapshots(op.keyspace(), op.key(), maps.get(op.keyspace()).primary());
    }
    try {
      files.marker().set(DirtyMarker.PRIMARY);
      apply(operations, Trees::primary);
      files.primary().commit();
      files.marker().set(DirtyMarker.MIRROR);
      apply(operations, Trees::mirror);
      files.mirror().commit();
    } catch (RuntimeException e) {
      throw breakDown(e);
    }
  }

  private void apply(List<Operation> operations, Function<Trees, BTreeMap<byte[], byte[]>> copy) {
    for (Operation op : operations) {
      BTreeMap<byte[], byte[]> map = copy.apply(maps.get(op.keyspace()));
      if (op.isDelete()) {
        map.remove(op.key());
      } else {
        map.put(op.key(), op.value());
      }
    }
  }

  private void saveForSnapshots(String keyspace, byte[] key, BTreeMap<byte[], byte[]> map) {
    byte[] previous = null;
    boolean loaded = false;
    for (UndoLog undo : snapshots) {
      if (undo.tracks(keyspace) && !undo.saved(keyspace, key)) {
        if (!loaded) {
          previous = map.get(key);
          loaded = true;
        }
        undo.save(keyspace, key, previous);
      }
    }
  }

  /**
   * A copy failed half way and cannot be rolled back: close everything, leaving the marker set, so
   * that the next open restores the copy from the other one. The caller's write is not applied.
   */
  private StorageException breakDown(RuntimeException cause) {
    LOG.log(
        Level.ERROR,
        "write to " + file + " failed; closing the store, reopen it to recover",
        cause);
    lifecycle.close();
    snapshots.clear();
    maps.clear();
    closeAll(files, cause);
    try {
      directoryLock.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    return Errors.map(cause, file);
  }

  private static BTreeMap<byte[], byte[]> treeMap(DB db, String keyspace) {
    return db.treeMap(
            KEYSPACE_PREFIX + keyspace, Serializer.BYTE_ARRAY_DELTA, Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable()
        .createOrOpen();
  }

  /** Closes both copies and the marker (leaving its state), adding failures to {@code cause}. */
  private static void closeAll(MirroredFiles.Opened files, RuntimeException cause) {
    for (Runnable close :
        List.<Runnable>of(files.primary()::close, files.mirror()::close, files.marker()::close)) {
      try {
        close.run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
