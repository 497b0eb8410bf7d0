package dev.mero4j.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbCorruptFileTest {
  @TempDir Path dir;

  private final RocksDbStorageProvider provider = new RocksDbStorageProvider();

  @Test
  void randomBytesInCurrentAreReportedAsCorruptWithThePath() throws IOException {
    createStore();
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    Files.write(dir.resolve("CURRENT"), garbage);
    assertCorrupt();
  }

  @Test
  void currentNamingAMissingManifestIsReportedAsCorrupt() throws IOException {
    createStore();
    Files.writeString(dir.resolve("CURRENT"), "MANIFEST-999999\n", StandardCharsets.UTF_8);
    assertCorrupt();
  }

  @Test
  void deletedCurrentNextToManifestsIsReportedAsCorrupt() throws IOException {
    createStore();
    Files.delete(dir.resolve("CURRENT"));
    assertCorrupt();
  }

  @Test
  void overwrittenTableFileIsReportedAsCorrupt() throws IOException {
    createStore();
    createStore();
    List<Path> tables = files(".sst");
    assertThat(tables).as("reopening flushed the recovered log into a table").isNotEmpty();
    for (Path table : tables) {
      byte[] bytes = Files.readAllBytes(table);
      for (int i = Math.max(0, bytes.length - 64); i < bytes.length; i++) {
        bytes[i] = (byte) 0xA5;
      }
      Files.write(table, bytes);
    }
    assertCorrupt();
  }

  @Test
  void aFailedOpenReleasesTheDirectoryForTheNextAttempt() throws IOException {
    createStore();
    Files.writeString(dir.resolve("CURRENT"), "MANIFEST-999999\n", StandardCharsets.UTF_8);
    assertCorrupt();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace("a").put(new byte[] {1}, new byte[] {2});
      assertThat(engine.keyspace("a").get(new byte[] {1})).isPresent();
    }
  }

  private void createStore() {
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace("a").put(new byte[] {1}, new byte[] {2});
    }
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private void assertCorrupt() {
    assertThatThrownBy(() -> provider.open(StorageConfig.at(dir)).close())
        .isInstanceOf(CorruptStorageException.class)
        .hasMessageContaining(dir.toString());
  }
}
