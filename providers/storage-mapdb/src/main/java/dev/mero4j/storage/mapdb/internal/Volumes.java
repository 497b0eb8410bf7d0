package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.StorageConfig.Durability;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.VolumeFactory;

/**
 * Chooses how MapDB reaches its files: memory-mapped where the JVM supports it, and for {@link
 * Durability#PROCESS_CRASH} never forced to disk ({@link UnsyncedVolume}).
 */
final class Volumes {
  /** Unmap files on close instead of waiting for GC; MapDB falls back when it cannot. */
  private static final boolean CLEANER_HACK = true;

  private static final boolean PRECLEAR_DISABLED = false;

  private Volumes() {}

  static VolumeFactory forDurability(Durability durability) {
    VolumeFactory files =
        supportsLargeMappedFiles()
            ? new MappedFileVol.MappedFileFactory(CLEANER_HACK, PRECLEAR_DISABLED)
            : RandomAccessFileVol.FACTORY;
    return durability == Durability.PROCESS_CRASH ? UnsyncedVolume.factory(files) : files;
  }

  /** MapDB's own rule for {@code fileMmapEnableIfSupported()}: a 64-bit JVM, not on Windows. */
  private static boolean supportsLargeMappedFiles() {
    String arch = System.getProperty("os.arch", "");
    String os = System.getProperty("os.name", "");
    return arch.contains("64") && !os.startsWith("Windows");
  }
}
