package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.StorageLockedException;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** The one place where RocksDB's status codes become storage SPI exceptions. */
final class Errors {
  /** RocksDB's lock file; it reports a held lock only as an I/O error that names this file. */
  static final String LOCK_FILE = "LOCK";

  private Errors() {}

  /** Maps a failure of an operation on the database in {@code dir}. */
  static StorageException map(RocksDBException e, Path dir) {
    Status status = e.getStatus();
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    String detail = dir + ": " + e.getMessage();
    return switch (code) {
      case Corruption -> new CorruptStorageException("RocksDB store is corrupt in " + detail, e);
      case IOError ->
          isLockConflict(e, dir)
              ? new StorageLockedException(
                  dir + " is already open in this or another process: " + e.getMessage(), e)
              : new StorageIoException("I/O error in " + detail, e);
      default -> new StorageException("RocksDB failed (" + code + ") in " + detail, e);
    };
  }

  /**
   * Maps a failure while opening: the files exist but RocksDB cannot make a database of them, so
   * anything but a lock or a plain I/O error means the store is not readable. A file the store
   * refers to but that is gone (RocksDB says so only in the message) is corruption too.
   */
  static StorageException mapOpen(RocksDBException e, Path dir) {
    StorageException mapped = map(e, dir);
    if (mapped.getClass() == StorageIoException.class && isMissingStoreFile(e, dir)) {
      return new CorruptStorageException(
          "RocksDB store in " + dir + " refers to a missing file: " + e.getMessage(), e);
    }
    if (mapped.getClass() == StorageException.class) {
      return new CorruptStorageException(
          "not a readable RocksDB store: " + dir + ": " + e.getMessage(), e);
    }
    return mapped;
  }

  private static boolean isMissingStoreFile(RocksDBException e, Path dir) {
    String message = String.valueOf(e.getMessage());
    return message.contains(dir.toString()) && message.contains("No such file or directory");
  }

  private static boolean isLockConflict(RocksDBException e, Path dir) {
    String message = String.valueOf(e.getMessage());
    return message.contains(dir.resolve(LOCK_FILE).toString())
        && message.toLowerCase(java.util.Locale.ROOT).contains("lock");
  }
}
