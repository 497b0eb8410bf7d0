package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageIoException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-byte file naming the copy that may be half written: {@link #PRIMARY} while the primary is
 * being changed, {@link #MIRROR} while the mirror is, {@link #CLEAN} after a clean close. A
 * one-byte write is atomic, so after any crash the byte tells which copy to trust. Written through
 * a {@link RandomAccessFile}, not a {@code FileChannel}: an interrupt of the writing thread must
 * not close the file in the middle of a commit.
 */
final class DirtyMarker implements AutoCloseable {
  static final byte CLEAN = '0';
  static final byte PRIMARY = 'P';
  static final byte MIRROR = 'M';

  private final Path file;
  private final RandomAccessFile raf;
  private final boolean force;
  private byte current;

  private DirtyMarker(Path file, RandomAccessFile raf, boolean force, byte current) {
    this.file = file;
    this.raf = raf;
    this.force = force;
    this.current = current;
  }

  /** Opens the marker; a missing or empty file reads as {@link #CLEAN}. */
  static DirtyMarker open(Path file, boolean force) {
    try {
      byte current = CLEAN;
      if (Files.exists(file) && Files.size(file) > 0) {
        current = Files.readAllBytes(file)[0];
      }
      return new DirtyMarker(file, new RandomAccessFile(file.toFile(), "rw"), force, current);
    } catch (IOException e) {
      throw new StorageIoException("cannot open " + file, e);
    }
  }

  byte current() {
    return current;
  }

  /** Records {@code state}; with {@code force}, on disk before this returns. */
  void set(byte state) {
    if (state == current) {
      return;
    }
    try {
      raf.seek(0);
      raf.write(state);
      if (force) {
        raf.getFD().sync();
      }
      current = state;
    } catch (IOException e) {
      throw new StorageIoException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      raf.close();
    } catch (IOException e) {
      throw new StorageIoException("cannot close " + file, e);
    }
  }
}
