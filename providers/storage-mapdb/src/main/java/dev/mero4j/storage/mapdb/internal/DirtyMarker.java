package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A one-byte file naming the copy that may be half written: {@link #PRIMARY} while the primary is
 * being changed, {@link #MIRROR} while the mirror is, {@link #CLEAN} after a clean close. A
 * one-byte write is atomic, so after any crash the byte tells which copy to trust.
 */
final class DirtyMarker implements AutoCloseable {
  static final byte CLEAN = '0';
  static final byte PRIMARY = 'P';
  static final byte MIRROR = 'M';

  private final Path file;
  private final FileChannel channel;
  private final boolean force;
  private byte current;

  private DirtyMarker(Path file, FileChannel channel, boolean force, byte current) {
    this.file = file;
    this.channel = channel;
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
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new DirtyMarker(file, channel, force, current);
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
      channel.write(ByteBuffer.wrap(new byte[] {state}), 0);
      if (force) {
        channel.force(false);
      }
      current = state;
    } catch (IOException e) {
      throw new StorageIoException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new StorageIoException("cannot close " + file, e);
    }
  }
}
