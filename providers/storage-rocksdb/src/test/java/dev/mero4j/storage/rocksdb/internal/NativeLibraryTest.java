package dev.mero4j.storage.rocksdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.storage.api.StorageIoException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {
  @Test
  void aLinkErrorBecomesAStorageIoExceptionNamingTheCauseAndThePlatform() {
    NativeLibrary library =
        new NativeLibrary(
            () -> {
              throw new UnsatisfiedLinkError("librocksdbjni-linux64.so: GLIBC_2.99 not found");
            });
    assertThatThrownBy(library::load)
        .isInstanceOf(StorageIoException.class)
        .hasMessageContaining("GLIBC_2.99 not found")
        .hasMessageContaining(System.getProperty("os.arch"))
        .hasCauseInstanceOf(UnsatisfiedLinkError.class);
  }

  @Test
  void aFailedExtractionNamesTheIoError() {
    NativeLibrary library =
        new NativeLibrary(
            () -> {
              throw new RuntimeException(
                  "Unable to load the RocksDB shared library",
                  new IOException("No space left on device"));
            });
    assertThatThrownBy(library::load)
        .isInstanceOf(StorageIoException.class)
        .hasMessageContaining("No space left on device");
  }

  @Test
  void theLoaderRunsOnceAndAFailureIsReportedAgainWithoutRetrying() {
    AtomicInteger calls = new AtomicInteger();
    NativeLibrary failing =
        new NativeLibrary(
            () -> {
              calls.incrementAndGet();
              throw new UnsatisfiedLinkError("nope");
            });
    assertThatThrownBy(failing::load).isInstanceOf(StorageIoException.class);
    assertThatThrownBy(failing::load)
        .isInstanceOf(StorageIoException.class)
        .hasMessageContaining("nope");
    assertThat(calls).hasValue(1);

    AtomicInteger loads = new AtomicInteger();
    NativeLibrary working = new NativeLibrary(loads::incrementAndGet);
    working.load();
    working.load();
    assertThat(loads).hasValue(1);
  }
}
