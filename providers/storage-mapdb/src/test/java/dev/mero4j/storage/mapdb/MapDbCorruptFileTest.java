package dev.mero4j.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbCorruptFileTest {
  private static final String STATE_FILE = "state.mapdb";

  @TempDir Path dir;

  private final MapDbStorageProvider provider = new MapDbStorageProvider();

  @Test
  void randomBytesInTheStateFileAreReportedAsCorruptWithThePath() throws IOException {
    byte[] garbage = new byte[64 * 1024];
    new Random(42).nextBytes(garbage);
    Files.write(dir.resolve(STATE_FILE), garbage);
    assertCorrupt();
  }

  @Test
  void aForeignTextFileIsReportedAsCorrupt() throws IOException {
    Files.writeString(dir.resolve(STATE_FILE), "not a database\n", StandardCharsets.UTF_8);
    assertCorrupt();
  }

  @Test
  void anEmptyStateFileIsReportedAsCorrupt() throws IOException {
    Files.write(dir.resolve(STATE_FILE), new byte[0]);
    assertCorrupt();
  }

  @Test
  void overwrittenHeaderOfARealStoreIsReportedAsCorrupt() throws IOException {
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace("a").put(new byte[] {1}, new byte[] {2});
    }
    byte[] bytes = Files.readAllBytes(dir.resolve(STATE_FILE));
    for (int i = 0; i < 64; i++) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(dir.resolve(STATE_FILE), bytes);
    assertCorrupt();
  }

  @Test
  void aFailedOpenReleasesTheDirectoryForTheNextAttempt() throws IOException {
    Files.writeString(dir.resolve(STATE_FILE), "garbage");
    assertCorrupt();
    Files.delete(dir.resolve(STATE_FILE));
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace("a").put(new byte[] {1}, new byte[] {2});
      assertThat(engine.keyspace("a").get(new byte[] {1})).isPresent();
    }
  }

  private void assertCorrupt() {
    assertThatThrownBy(() -> provider.open(StorageConfig.at(dir)).close())
        .isInstanceOf(CorruptStorageException.class)
        .hasMessageContaining(dir.resolve(STATE_FILE).toString());
  }
}
