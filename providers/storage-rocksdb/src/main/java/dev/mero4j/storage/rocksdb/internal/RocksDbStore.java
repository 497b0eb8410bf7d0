package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One open RocksDB database: its column families, native options and the resources it lends out.
 */
public final class RocksDbStore {
  /**
   * Column families of keyspaces carry this prefix, so that RocksDB's own "default" stays apart.
   */
  static final String COLUMN_FAMILY_PREFIX = "keyspace:";

  private final Path dir;
  private final NativeOptions options;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> otherHandles = new ArrayList<>();
  private final Map<String, ColumnFamilyHandle> handles = new ConcurrentHashMap<>();
  private final Set<NativeResource> lent = ConcurrentHashMap.newKeySet();
  private final Guard guard = new Guard("storage engine");

  private RocksDbStore(
      Path dir, NativeOptions options, RocksDB db, List<ColumnFamilyHandle> opened) {
    this.dir = dir;
    this.options = options;
    this.db = db;
    for (ColumnFamilyHandle handle : opened) {
      String name = keyspaceOf(handle);
      if (name == null) {
        otherHandles.add(handle);
      } else {
        handles.put(name, handle);
      }
    }
  }

  /** Opens, creating when absent, the database in {@code config.directory()}. */
  public static RocksDbStore open(StorageConfig config) {
    NativeLibrary.ROCKSDB.load();
    Path dir = config.directory().toAbsolutePath();
    prepareDirectory(dir);
    NativeOptions options = new NativeOptions(config);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try {
      for (byte[] name : columnFamilies(dir)) {
        descriptors.add(new ColumnFamilyDescriptor(name, options.columnFamily));
      }
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      RocksDB db = RocksDB.open(options.db, dir.toString(), descriptors, opened);
      return new RocksDbStore(dir, options, db, opened);
    } catch (RocksDBException e) {
      options.close();
      throw Errors.mapOpen(e, dir);
    } catch (RuntimeException e) {
      options.close();
      throw e;
    }
  }

  /** The live keyspace {@code name}; its column family is created on first use. */
  public Keyspace keyspace(String name) {
    StorageLimits.checkKeyspace(name);
    return new RocksDbKeyspace(this, name, guard.read(() -> handle(name)));
  }

  public Set<String> keyspaces() {
    return guard.read(() -> Collections.unmodifiableSet(new TreeSet<>(handles.keySet())));
  }

  /** Validates every operation, then commits them as one RocksDB write batch. */
  public void write(List<Operation> operations) {
    for (Operation op : operations) {
      StorageLimits.checkKeyspace(op.keyspace());
      StorageLimits.checkKey(op.key());
      if (!op.isDelete()) {
        StorageLimits.checkValue(op.value());
      }
    }
    guard.read(
        () -> {
          if (operations.isEmpty()) {
            return null;
          }
          try (WriteBatch batch = new WriteBatch()) {
            for (Operation op : operations) {
              if (op.isDelete()) {
                batch.delete(handle(op.keyspace()), op.key());
              } else {
                batch.put(handle(op.keyspace()), op.key(), op.value());
              }
            }
            db.write(options.write, batch);
            return null;
          } catch (RocksDBException e) {
            throw Errors.map(e, dir);
          }
        });
  }

  public StorageSnapshot snapshot() {
    return guard.read(
        () -> {
          RocksDbSnapshot snapshot = new RocksDbSnapshot(this, db.getSnapshot());
          lent.add(snapshot);
          return snapshot;
        });
  }

  /** Closes lent cursors and snapshots, then the column families, the database and its options. */
  public void close() {
    guard.close(
        () -> {
          lent.forEach(NativeResource::release);
          lent.clear();
          handles.values().forEach(ColumnFamilyHandle::close);
          otherHandles.forEach(ColumnFamilyHandle::close);
          try {
            db.closeE();
          } catch (RocksDBException e) {
            throw Errors.map(e, dir);
          } finally {
            options.close();
          }
        });
  }

  void put(ColumnFamilyHandle handle, byte[] key, byte[] value) {
    guard.read(
        () -> {
          try {
            db.put(handle, options.write, key, value);
            return null;
          } catch (RocksDBException e) {
            throw Errors.map(e, dir);
          }
        });
  }

  void delete(ColumnFamilyHandle handle, byte[] key) {
    guard.read(
        () -> {
          try {
            db.delete(handle, options.write, key);
            return null;
          } catch (RocksDBException e) {
            throw Errors.map(e, dir);
          }
        });
  }

  /** Reads {@code key}; call under {@link #guard()}; null options read the latest state. */
  byte[] get(ColumnFamilyHandle handle, ReadOptions read, byte[] key) {
    try {
      return read == null ? db.get(handle, key) : db.get(handle, read, key);
    } catch (RocksDBException e) {
      throw Errors.map(e, dir);
    }
  }

  /** An iterator; call under {@link #guard()}; null options read the latest state. */
  RocksIterator iterator(ColumnFamilyHandle handle, ReadOptions read) {
    return read == null ? db.newIterator(handle) : db.newIterator(handle, read);
  }

  /** The column family of keyspace {@code name}, or null when it does not exist. */
  ColumnFamilyHandle existingHandle(String name) {
    return handles.get(name);
  }

  Guard guard() {
    return guard;
  }

  Path directory() {
    return dir;
  }

  /** Registers a cursor or snapshot that {@link #close()} releases if its user did not. */
  void lend(NativeResource resource) {
    lent.add(resource);
  }

  void giveBack(NativeResource resource) {
    lent.remove(resource);
  }

  void releaseSnapshot(org.rocksdb.Snapshot snapshot) {
    db.releaseSnapshot(snapshot);
  }

  /** The column family of keyspace {@code name}, created on first use; call under the guard. */
  private ColumnFamilyHandle handle(String name) {
    ColumnFamilyHandle handle = handles.get(name);
    if (handle != null) {
      return handle;
    }
    synchronized (handles) {
      handle = handles.get(name);
      if (handle == null) {
        byte[] cf = (COLUMN_FAMILY_PREFIX + name).getBytes(StandardCharsets.UTF_8);
        try {
          handle = db.createColumnFamily(new ColumnFamilyDescriptor(cf, options.columnFamily));
        } catch (RocksDBException e) {
          throw Errors.map(e, dir);
        }
        handles.put(name, handle);
      }
      return handle;
    }
  }

  private static String keyspaceOf(ColumnFamilyHandle handle) {
    try {
      String name = new String(handle.getName(), StandardCharsets.UTF_8);
      return name.startsWith(COLUMN_FAMILY_PREFIX)
          ? name.substring(COLUMN_FAMILY_PREFIX.length())
          : null;
    } catch (RocksDBException e) {
      throw new IllegalStateException("column family without a name", e);
    }
  }

  /**
   * The column families of an existing database, or only the default one for a new database. A
   * manifest RocksDB cannot read lists nothing; opening with the default one then reports why.
   */
  private static List<byte[]> columnFamilies(Path dir) throws RocksDBException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
    }
    try (Options listing = new Options()) {
      List<byte[]> names = RocksDB.listColumnFamilies(listing, dir.toString());
      return names.isEmpty() ? List.of(RocksDB.DEFAULT_COLUMN_FAMILY) : names;
    }
  }

  /** Creates the directory; refuses one whose CURRENT file is gone but whose manifests remain. */
  private static void prepareDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageIoException("cannot create storage directory " + dir, e);
    }
    if (Files.exists(dir.resolve("CURRENT"))) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      if (files.anyMatch(f -> f.getFileName().toString().startsWith("MANIFEST-"))) {
        throw new CorruptStorageException(
            dir.resolve("CURRENT") + " is missing but " + dir + " holds RocksDB manifests");
      }
    } catch (IOException e) {
      throw new StorageIoException("cannot list storage directory " + dir, e);
    }
  }
}
