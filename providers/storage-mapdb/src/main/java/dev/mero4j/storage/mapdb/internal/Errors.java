package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.StorageLockedException;
import java.nio.file.Path;
import org.mapdb.DBException;

/** The one place where MapDB's exceptions become storage SPI exceptions. */
final class Errors {
  private Errors() {}

  /** Maps a failure of an operation on an open store. */
  static StorageException map(RuntimeException e, Path file) {
    if (e instanceof StorageException storage) {
      return storage;
    }
    if (e instanceof DBException.FileLocked) {
      return new StorageLockedException(file + " is locked by another process", e);
    }
    if (e instanceof DBException.VolumeIOError) {
      return new StorageIoException("I/O error on " + file + ": " + e.getMessage(), e);
    }
    if (e instanceof DBException.DataCorruption
        || e instanceof DBException.WrongFormat
        || e instanceof DBException.NewMapDBFormat
        || e instanceof DBException.SerializationError) {
      return new CorruptStorageException(file + " is corrupt: " + e.getMessage(), e);
    }
    return new StorageException("MapDB failed on " + file + ": " + e, e);
  }

  /**
   * Maps a failure while opening an existing file: anything MapDB cannot classify while parsing the
   * file means it is not a readable store.
   */
  static StorageException mapOpen(RuntimeException e, Path file) {
    StorageException mapped = map(e, file);
    if (mapped.getClass() == StorageException.class) {
      return new CorruptStorageException(file + " is not a readable MapDB store: " + e, e);
    }
    return mapped;
  }
}
