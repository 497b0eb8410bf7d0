package dev.mero4j.node.internal.swap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WriteJournalTest {
  private final StorageEngine source =
      new MemoryStorageProvider().open(StorageConfig.at(Path.of("unused-a")));
  private final StorageEngine target =
      new MemoryStorageProvider().open(StorageConfig.at(Path.of("unused-b")));

  @Test
  void buffersInCommitOrderThenMirrorsEveryLaterWrite() {
    WriteJournal journal = new WriteJournal(target);
    journal.write(source, put("a", "1"));
    journal.write(source, put("a", "2"));
    assertThat(journal.drain()).hasSize(2);
    journal.write(source, put("a", "3"));
    assertThat(journal.startMirroring())
        .as("the rest is applied when mirroring starts")
        .isEqualTo(1);
    assertThat(value(target, "a")).isEqualTo("3");
    journal.write(source, new WriteBatch().delete("k", bytes("a")));
    assertThat(target.keyspace("k").get(bytes("a"))).isEmpty();
    assertThat(journal.failure()).isNull();
  }

  @Test
  void aBufferThatWouldOutgrowItsLimitIsDroppedAndMarked() {
    WriteJournal journal = new WriteJournal(target);
    for (int i = 0; i <= WriteJournal.MAX_BUFFERED; i++) {
      journal.write(source, put("k" + (i % 100), "v"));
    }
    assertThat(journal.overflowed()).isTrue();
    assertThat(journal.failure()).hasMessageContaining("while the store was copied");
    assertThat(journal.drain()).isEmpty();
    assertThat(value(source, "k7")).as("the source still took every write").isEqualTo("v");
  }

  private static WriteBatch put(String key, String value) {
    return new WriteBatch().put("k", bytes(key), bytes(value));
  }

  private static String value(StorageEngine engine, String key) {
    return engine
        .keyspace("k")
        .get(bytes(key))
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse(null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
