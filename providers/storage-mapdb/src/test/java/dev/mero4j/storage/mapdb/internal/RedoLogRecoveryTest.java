package dev.mero4j.storage.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch.Operation;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from the redo log as a crash leaves it: the log is written here record by record, as a
 * killed store would have left it, and the engine must replay its intact prefix on open.
 */
class RedoLogRecoveryTest {
  private static final String KS = "a";

  @TempDir Path dir;

  private final MapDbStorageProvider provider = new MapDbStorageProvider();

  @BeforeEach
  void existingStoreWithOneKey() {
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace(KS).put(new byte[] {9}, new byte[] {9});
    }
    assertThat(dir.resolve(RedoLog.FILE)).as("a clean close leaves no log").doesNotExist();
  }

  private static Operation put(int key, int value) {
    return new Operation(KS, new byte[] {(byte) key}, new byte[] {(byte) value});
  }

  private void writeLog(List<List<Operation>> batches) {
    RedoLog log = RedoLog.start(dir, false);
    batches.forEach(log::append);
    log.close();
  }

  private byte[] value(StorageEngine engine, int key) {
    return engine.keyspace(KS).get(new byte[] {(byte) key}).orElse(null);
  }

  @Test
  void everyIntactRecordIsReplayedIncludingDeletesAndTheOldLogFirst() {
    RedoLog log = RedoLog.start(dir, false);
    log.append(List.of(put(1, 1), put(2, 2)));
    log.rotate();
    log.append(List.of(new Operation(KS, new byte[] {1}, null), put(2, 3)));
    log.append(List.of(new Operation("b", new byte[] {5}, new byte[0])));
    log.close();
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(value(engine, 1)).isNull();
      assertThat(value(engine, 2)).containsExactly(3);
      assertThat(value(engine, 9)).containsExactly(9);
      assertThat(engine.keyspace("b").get(new byte[] {5})).hasValue(new byte[0]);
    }
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(value(engine, 2)).as("checkpointed, not just replayed").containsExactly(3);
    }
  }

  @Test
  void aTornLastRecordIsDroppedAndTheRestKept() throws IOException {
    writeLog(List.of(List.of(put(1, 1)), List.of(put(2, 2)), List.of(put(3, 3))));
    Path file = dir.resolve(RedoLog.FILE);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 3);
    }
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(value(engine, 1)).containsExactly(1);
      assertThat(value(engine, 2)).containsExactly(2);
      assertThat(value(engine, 3)).isNull();
    }
  }

  @Test
  void trailingZerosAfterTheLastRecordAreIgnored() throws IOException {
    writeLog(List.of(List.of(put(1, 1))));
    Files.write(dir.resolve(RedoLog.FILE), new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(value(engine, 1)).containsExactly(1);
    }
  }

  @Test
  void aDamagedRecordInTheMiddleIsCorruptionNamingTheFileAndRecord() throws IOException {
    writeLog(List.of(List.of(put(1, 1)), List.of(put(2, 2)), List.of(put(3, 3))));
    Path file = dir.resolve(RedoLog.FILE);
    byte[] bytes = Files.readAllBytes(file);
    int secondRecordPayload = 8 + (bytes.length - 8) / 3 + 12;
    bytes[secondRecordPayload + 4] ^= 0x40;
    Files.write(file, bytes);
    assertThatThrownBy(() -> provider.open(StorageConfig.at(dir)).close())
        .isInstanceOf(CorruptStorageException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("record 2");
    assertThat(Files.readAllBytes(file))
        .as("a corrupt log is left for inspection")
        .isEqualTo(bytes);
  }

  @Test
  void aForeignFileInPlaceOfTheLogIsCorruption() throws IOException {
    Files.writeString(dir.resolve(RedoLog.FILE), "not a redo log at all");
    assertThatThrownBy(() -> provider.open(StorageConfig.at(dir)).close())
        .isInstanceOf(CorruptStorageException.class)
        .hasMessageContaining("not a Mero4j redo log");
  }

  @Test
  void aRecordWithAGoodChecksumButAnInvalidBatchIsCorruption() {
    byte[] bad = RedoCodec.encode(List.of(put(1, 1)), 0);
    bad[6] = 'A';
    assertThatThrownBy(() -> RedoCodec.decode(java.nio.ByteBuffer.wrap(bad)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
