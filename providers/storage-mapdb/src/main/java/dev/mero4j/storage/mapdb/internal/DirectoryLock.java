package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.StorageLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An OS lock on {@code <dir>/LOCK} that keeps a store directory open in one engine at a time. */
final class DirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "LOCK";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dir}; the OS releases the lock when the process dies, even by SIGKILL. */
  static DirectoryLock acquire(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageIoException("cannot create lock file " + file, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StorageLockedException(dir + " is open in another process");
      }
      return new DirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel, e);
      throw new StorageLockedException(dir + " is already open in this process", e);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new StorageIoException("cannot lock " + file, e);
    } catch (StorageLockedException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  @Override
  public void close() {
    try (channel) {
      lock.release();
    } catch (IOException e) {
      throw new StorageIoException("cannot release lock in " + channel, e);
    }
  }

  private static void closeQuietly(FileChannel channel, Exception primary) {
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
