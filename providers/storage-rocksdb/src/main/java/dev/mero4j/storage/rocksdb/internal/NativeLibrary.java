package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.StorageIoException;
import org.rocksdb.RocksDB;

/**
 * RocksDB's JNI library, loaded once per class loader; a failure becomes a {@link
 * StorageIoException} that names the platform and the cause, every time it is asked for again.
 */
final class NativeLibrary {
  /** The library every engine of this bundle uses. */
  static final NativeLibrary ROCKSDB = new NativeLibrary(RocksDB::loadLibrary);

  private final Runnable loader;
  private boolean loaded;
  private StorageIoException failure;

  NativeLibrary(Runnable loader) {
    this.loader = loader;
  }

  /** Loads the library unless that was done already; throws the same failure every time. */
  synchronized void load() {
    if (loaded) {
      return;
    }
    if (failure == null) {
      try {
        loader.run();
        loaded = true;
        return;
      } catch (RuntimeException | LinkageError e) {
        failure = new StorageIoException(describe(e), e);
      }
    }
    throw new StorageIoException(failure.getMessage(), failure.getCause());
  }

  private static String describe(Throwable e) {
    StringBuilder causes = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      causes.append(causes.length() == 0 ? "" : " <- ").append(t);
    }
    return "cannot load RocksDB's native library on "
        + System.getProperty("os.name")
        + "/"
        + System.getProperty("os.arch")
        + ": "
        + causes
        + ". The embedded libraries cover glibc Linux on x86_64, aarch64, ppc64le, s390x and riscv64;"
        + " elsewhere put librocksdbjni on java.library.path. The library is extracted to"
        + " java.io.tmpdir or $ROCKSDB_SHAREDLIB_DIR, which must be writable and not mounted noexec";
  }
}
