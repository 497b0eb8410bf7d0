package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.storage.api.StorageIoException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.StoreDirect;
import org.mapdb.volume.VolumeFactory;

/**
 * The two copies of a store, {@code state.mapdb} and {@code state-mirror.mapdb}, and the recovery
 * that makes them equal again after a crash. MapDB 3.1's write-ahead log is never replayed on open,
 * so a kill while it copies a commit into the file tears the file; instead every change (a
 * checkpoint of the redo log, a new keyspace) is applied to the primary, then to the mirror, and
 * the {@link DirtyMarker} names the copy in between.
 *
 * <pre>
 *   marker P ─► change + commit primary ─► marker M ─► change + commit mirror ─► drop log
 *   open: marker P ⇒ primary may be torn: copy mirror over it (the redo log still has the writes)
 *         marker M ⇒ mirror may be torn: copy primary over it
 * </pre>
 */
final class MirroredFiles {
  static final String PRIMARY_FILE = "state.mapdb";
  static final String MIRROR_FILE = "state-mirror.mapdb";
  static final String MARKER_FILE = "state.dirty";

  private static final System.Logger LOG = System.getLogger(MirroredFiles.class.getName());
  private static final String TEMP_SUFFIX = ".tmp";

  /** The directory lock already excludes other writers; MapDB's own file lock fails fast. */
  private static final long NO_LOCK_WAIT = 0L;

  private static final boolean THREAD_SAFE = true;
  private static final int NO_SHUTDOWN_HOOK = 0;

  private MirroredFiles() {}

  /** Both copies of a store, open, plus the marker that keeps them recoverable. */
  record Opened(DB primary, DB mirror, DirtyMarker marker) {}

  /** Recovers {@code dir} after a crash if needed, creates it if new, and opens both copies. */
  static Opened open(Path dir, Durability durability) {
    boolean force = durability == Durability.MACHINE_CRASH;
    Path primaryFile = dir.resolve(PRIMARY_FILE);
    Path mirrorFile = dir.resolve(MIRROR_FILE);
    DirtyMarker marker = DirtyMarker.open(dir.resolve(MARKER_FILE), force);
    DB primary = null;
    try {
      if (marker.current() == DirtyMarker.PRIMARY) {
        LOG.log(Level.INFO, "restoring {0} after an interrupted write", primaryFile);
        copy(mirrorFile, primaryFile, force);
      } else if (marker.current() == DirtyMarker.MIRROR) {
        LOG.log(Level.INFO, "restoring {0} after an interrupted write", mirrorFile);
        copy(primaryFile, mirrorFile, force);
      }
      marker.set(DirtyMarker.CLEAN);
      if (!Files.exists(primaryFile)) {
        if (Files.exists(mirrorFile)) {
          LOG.log(Level.WARNING, "{0} is missing, restoring it from the mirror", primaryFile);
          copy(mirrorFile, primaryFile, force);
        } else {
          createEmpty(primaryFile, durability);
        }
      }
      primary = make(primaryFile, durability);
      if (!Files.exists(mirrorFile)) {
        copy(primaryFile, mirrorFile, force);
      }
      return new Opened(primary, make(mirrorFile, durability), marker);
    } catch (RuntimeException e) {
      if (primary != null) {
        closeAfterFailure(primary, e);
      }
      closeAfterFailure(marker, e);
      throw e;
    }
  }

  private static void createEmpty(Path file, Durability durability) {
    Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    try {
      Files.deleteIfExists(temp);
      DB db = make(temp, durability);
      db.commit();
      db.close();
      move(temp, file, durability == Durability.MACHINE_CRASH);
    } catch (IOException e) {
      throw new StorageIoException("cannot create " + file, e);
    }
  }

  /** Replaces {@code to} with a copy of {@code from}, atomically. */
  private static void copy(Path from, Path to, boolean force) {
    if (!Files.exists(from)) {
      throw new CorruptStorageException(
          to + " must be restored from " + from + ", which is missing");
    }
    Path temp = to.resolveSibling(to.getFileName() + TEMP_SUFFIX);
    try {
      Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
      if (force) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
      move(temp, to, force);
    } catch (IOException e) {
      throw new StorageIoException("cannot restore " + to + " from " + from, e);
    }
  }

  private static void move(Path from, Path to, boolean force) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    if (force) {
      try (FileChannel directory = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    }
  }

  /**
   * A MapDB store without its (unreplayed) write-ahead log; {@code commit()} writes no header
   * checksum and, for {@link Durability#MACHINE_CRASH}, forces the file. Class names resolve with
   * this bundle's class loader, not the thread's context loader (wrong in OSGi).
   *
   * <p>Why no header checksum: MapDB sums the 8,210 ints of its 32 KiB header on every commit (a
   * fifth of a kv-store {@code set}, two commits per write), only to tell on open whether the file
   * was committed. The {@link DirtyMarker} already tells that, for each copy, and a copy it names
   * is restored from the other before MapDB opens it. A file created with checksums (before this
   * change; MapDB records the choice in its header and refuses the other) keeps them.
   */
  private static DB make(Path file, Durability durability) {
    VolumeFactory volumes = Volumes.forDurability(durability);
    String path = file.toString();
    boolean exists = volumes.exists(path);
    boolean legacyChecksum = exists && HeaderChecksum.isStored(file);
    StoreDirect store =
        StoreDirect.Companion.make(
            path,
            volumes,
            NO_LOCK_WAIT,
            false,
            THREAD_SAFE,
            CC.STORE_DIRECT_CONC_SHIFT,
            CC.PAGE_SIZE,
            0L,
            false,
            false,
            false,
            legacyChecksum,
            false);
    return new DB(
        store, exists, THREAD_SAFE, MirroredFiles.class.getClassLoader(), NO_SHUTDOWN_HOOK);
  }

  private static void closeAfterFailure(AutoCloseable closeable, RuntimeException cause) {
    try {
      closeable.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
