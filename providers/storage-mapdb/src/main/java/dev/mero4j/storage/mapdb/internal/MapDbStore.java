package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyValue;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The state behind a MapDB engine. A write is validated, appended to the {@link RedoLog} (one
 * record per batch) and recorded in the in-memory {@link Overlay}; only then is it acknowledged. A
 * checkpoint later moves the overlay into both copies of the B-tree files ({@link TreeFiles}) with
 * the crash-safe mirrored protocol and drops the log it covered, so many batches share one pass
 * over the B-trees. Reads see the overlay over the B-trees ({@link Layers}).
 *
 * <p>Locks: {@code lock} guards the overlays, the log and the snapshots' undo logs (writers
 * exclusive); {@code treeLock} serializes changes to the files (a checkpoint, a new keyspace) and
 * is taken after {@code lock}. A background checkpoint holds only {@code treeLock} while it writes
 * the files, so writers and readers go on meanwhile: every key it changes is in the frozen overlay,
 * which readers consult before the B-tree, and MapDB's B-link trees let readers walk them while
 * other keys are inserted.
 */
public final class MapDbStore {
  private static final System.Logger LOG = System.getLogger(MapDbStore.class.getName());

  private final Path file;
  private final DirectoryLock directoryLock;
  private final TreeFiles trees;
  private final RedoLog log;
  private final CheckpointPolicy policy;
  private final Set<UndoLog> snapshots = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ReentrantReadWriteLock treeLock = new ReentrantReadWriteLock();
  private final ReentrantLock checkpointLock = new ReentrantLock();
  private final Lifecycle lifecycle = new Lifecycle("storage engine");
  private final Checkpointer checkpointer;

  /** Writes not yet checkpointed; replaced (under the write lock) when a checkpoint starts. */
  private Overlay active = new Overlay();

  /** The writes a running checkpoint is moving into the files, or null. */
  private Overlay frozen;

  private volatile long activeBytes;

  private MapDbStore(
      Path file, DirectoryLock directoryLock, TreeFiles trees, RedoLog log, CheckpointPolicy p) {
    this.file = file;
    this.directoryLock = directoryLock;
    this.trees = trees;
    this.log = log;
    this.policy = p;
    this.checkpointer = new Checkpointer(file.getParent(), p, this::checkpointIfDue);
  }

  /**
   * Locks the directory, recovers the two copies as needed, replays the intact prefix of the redo
   * log into them and starts a new log.
   */
  public static MapDbStore open(StorageConfig config) {
    Path dir = config.directory();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageIoException("cannot create " + dir, e);
    }
    DirectoryLock directoryLock = DirectoryLock.acquire(dir);
    Path file = dir.resolve(MirroredFiles.PRIMARY_FILE);
    boolean force = config.durability() == StorageConfig.Durability.MACHINE_CRASH;
    TreeFiles trees = null;
    try {
      trees = new TreeFiles(MirroredFiles.open(dir, config.durability()));
      Overlay replayed = new Overlay();
      RedoLog.replay(dir, replayed::apply);
      if (!replayed.isEmpty()) {
        LOG.log(Level.INFO, "replaying {0} bytes of redo log into {1}", replayed.bytes(), file);
        trees.apply(replayed);
      }
      MapDbStore store =
          new MapDbStore(
              file, directoryLock, trees, RedoLog.start(dir, force), CheckpointPolicy.current());
      store.checkpointer.start();
      LOG.log(Level.DEBUG, "opened {0} with keyspaces {1}", file, trees.keyspaces());
      return store;
    } catch (RuntimeException e) {
      if (trees != null) {
        trees.closeAfterFailure(e);
      }
      directoryLock.close();
      throw Errors.mapOpen(e, file);
    }
  }

  public Keyspace keyspace(String name) {
    lifecycle.check();
    StorageLimits.checkKeyspace(name);
    if (!trees.has(name)) {
      writeLocked(() -> createKeyspaces(List.of(name)));
    }
    return new MapDbKeyspace(this, name);
  }

  public Set<String> keyspaces() {
    lifecycle.check();
    return Set.copyOf(trees.keyspaces());
  }

  /** Validates every operation, then logs and records them all as one batch. */
  public void write(List<Operation> operations) {
    lifecycle.check();
    List<String> keyspaces = new ArrayList<>();
    for (Operation op : operations) {
      StorageLimits.checkKeyspace(op.keyspace());
      StorageLimits.checkKey(op.key());
      if (!op.isDelete()) {
        StorageLimits.checkValue(op.value());
      }
      if (!trees.has(op.keyspace()) && !keyspaces.contains(op.keyspace())) {
        keyspaces.add(op.keyspace());
      }
    }
    if (operations.isEmpty()) {
      return;
    }
    byte[] record = RedoLog.record(operations);
    if (activeBytes >= policy.hardBytes()) {
      checkpoint(policy.hardBytes());
    }
    long bytes =
        writeLocked(
            () -> {
              createKeyspaces(keyspaces);
              for (Operation op : operations) {
                saveForSnapshots(op.keyspace(), op.key());
              }
              try {
                log.append(record);
              } catch (RuntimeException e) {
                throw breakDown(e);
              }
              active.apply(operations);
              activeBytes = active.bytes();
              return activeBytes;
            });
    if (bytes >= policy.softBytes()) {
      checkpointer.nudge();
    }
  }

  public StorageSnapshot snapshot() {
    return readLocked(
        () -> {
          UndoLog undo = new UndoLog(Set.copyOf(trees.keyspaces()));
          snapshots.add(undo);
          return new MapDbSnapshot(this, undo);
        });
  }

  /** Stops the checkpoint thread, checkpoints what is left and closes the files. */
  public void close() {
    checkpointer.stop();
    checkpointLock.lock();
    try {
      lock.writeLock().lock();
      try {
        if (!lifecycle.close()) {
          return;
        }
        snapshots.clear();
        try {
          if (!active.isEmpty()) {
            trees.apply(active);
          }
          trees.close();
          log.closeAndDelete();
        } catch (RuntimeException e) {
          throw Errors.map(e, file);
        } finally {
          directoryLock.close();
        }
        LOG.log(Level.DEBUG, "closed {0}", file);
      } finally {
        lock.writeLock().unlock();
      }
    } finally {
      checkpointLock.unlock();
    }
  }

  /**
   * Moves the writes recorded so far into the B-tree files, if they hold at least {@code minBytes}:
   * freezes the overlay and rotates the log under the write lock, writes the files under the tree
   * lock only (writers go on), then drops the frozen overlay and the old log.
   */
  void checkpoint(long minBytes) {
    boolean interrupted = Thread.interrupted();
    checkpointLock.lock();
    try {
      Overlay flushing =
          writeLocked(
              () -> {
                if (active.isEmpty() || active.bytes() < minBytes) {
                  return null;
                }
                try {
                  log.rotate();
                } catch (RuntimeException e) {
                  throw breakDown(e);
                }
                frozen = active;
                active = new Overlay();
                activeBytes = 0;
                return frozen;
              });
      if (flushing == null) {
        return;
      }
      locked(
          treeLock.writeLock(),
          () -> {
            try {
              trees.apply(flushing);
              return null;
            } catch (RuntimeException e) {
              throw breakDown(e);
            }
          });
      writeLocked(
          () -> {
            frozen = null;
            try {
              log.dropOld();
              return null;
            } catch (RuntimeException e) {
              throw breakDown(e);
            }
          });
    } finally {
      checkpointLock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Run by the checkpoint thread: checkpoints when over the soft bound or too old. */
  private void checkpointIfDue() {
    long age = readLocked(() -> active.ageNanos());
    boolean old = age >= TimeUnit.MILLISECONDS.toNanos(policy.maxAgeMillis());
    checkpoint(old ? 0 : policy.softBytes());
  }

  Lifecycle lifecycle() {
    return lifecycle;
  }

  void release(UndoLog undo) {
    snapshots.remove(undo);
  }

  /** The live value of {@code key}: overlays first, then the B-tree. Caller holds a lock. */
  byte[] liveValue(String keyspace, byte[] key) {
    byte[] value = active.get(keyspace, key);
    if (value == null && frozen != null) {
      value = frozen.get(keyspace, key);
    }
    if (value == null) {
      if (!trees.has(keyspace)) {
        return null;
      }
      value = trees.map(keyspace).get(key);
    }
    return value == Layers.DELETED ? null : value;
  }

  /**
   * Reads from the live entries of {@code from..to} merged with {@code upper} (a snapshot's saved
   * values, which win): up to {@code max} entries, values copied. Caller holds the read lock; a
   * running checkpoint only changes B-tree keys that the frozen overlay shadows.
   */
  List<KeyValue> liveRange(
      String keyspace,
      NavigableMap<byte[], byte[]> upper,
      byte[] from,
      boolean inclusive,
      byte[] to,
      int max) {
    List<Iterator<Map.Entry<byte[], byte[]>>> layers = new ArrayList<>(4);
    if (upper != null) {
      layers.add(RangeViews.view(upper, from, inclusive, to).entrySet().iterator());
    }
    layers.add(
        RangeViews.view(active.entries(keyspace), from, inclusive, to).entrySet().iterator());
    if (frozen != null) {
      layers.add(
          RangeViews.view(frozen.entries(keyspace), from, inclusive, to).entrySet().iterator());
    }
    if (trees.has(keyspace)) {
      layers.add(RangeViews.view(trees.map(keyspace), from, inclusive, to).entrySet().iterator());
    }
    List<KeyValue> chunk = new ArrayList<>(Math.min(max, 64));
    Iterator<Map.Entry<byte[], byte[]>> merged = Layers.merge(layers);
    while (chunk.size() < max && merged.hasNext()) {
      Map.Entry<byte[], byte[]> e = merged.next();
      chunk.add(new KeyValue(e.getKey().clone(), e.getValue().clone()));
    }
    return chunk;
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

  /** Creates missing keyspaces in both copies at once; caller holds the write lock. */
  private Void createKeyspaces(List<String> names) {
    if (names.stream().allMatch(trees::has)) {
      return null;
    }
    return locked(
        treeLock.writeLock(),
        () -> {
          try {
            trees.create(names);
            return null;
          } catch (RuntimeException e) {
            throw breakDown(e);
          }
        });
  }

  private void saveForSnapshots(String keyspace, byte[] key) {
    byte[] previous = null;
    boolean loaded = false;
    for (UndoLog undo : snapshots) {
      if (undo.tracks(keyspace) && !undo.saved(keyspace, key)) {
        if (!loaded) {
          previous = liveValue(keyspace, key);
          loaded = true;
        }
        undo.save(keyspace, key, previous);
      }
    }
  }

  /**
   * A write failed half way and cannot be rolled back: close everything, leaving the marker and the
   * redo log, so that the next open restores the copies and replays the log. The caller's write is
   * not acknowledged.
   */
  private StorageException breakDown(RuntimeException cause) {
    LOG.log(
        Level.ERROR,
        "write to " + file + " failed; closing the store, reopen it to recover",
        cause);
    if (!lifecycle.close()) {
      return Errors.map(cause, file);
    }
    checkpointer.stopWithoutWaiting();
    snapshots.clear();
    trees.closeAfterFailure(cause);
    try {
      log.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    try {
      directoryLock.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    return Errors.map(cause, file);
  }
}
