package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageIoException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The header checksum field of a MapDB file (a big-endian int at offset 20): zero in files this
 * engine creates now, the sum of the header in files created before, which keep their checksums
 * (MapDB refuses to open them without; see {@code MirroredFiles.make}).
 */
final class HeaderChecksum {
  private static final long OFFSET = 20;

  private HeaderChecksum() {}

  /** Whether {@code file} holds a header checksum; a file too short for one holds none. */
  static boolean isStored(Path file) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      if (raf.length() < OFFSET + Integer.BYTES) {
        return false;
      }
      raf.seek(OFFSET);
      return raf.readInt() != 0;
    } catch (IOException e) {
      throw new StorageIoException("cannot read the header of " + file, e);
    }
  }
}
