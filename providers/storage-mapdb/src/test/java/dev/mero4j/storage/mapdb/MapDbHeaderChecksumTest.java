package dev.mero4j.storage.mapdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.CC;
import org.mapdb.DB;
import org.mapdb.Serializer;
import org.mapdb.StoreDirect;
import org.mapdb.volume.MappedFileVol;

/**
 * Commits skip MapDB's header checksum (a sum over its 32 KiB header on every commit; the dirty
 * marker already says which copy a crash interrupted), and files created with it still open.
 */
class MapDbHeaderChecksumTest {
  private static final byte[] KEY = {1};
  private static final byte[] VALUE = {2};

  @TempDir Path dir;

  private final MapDbStorageProvider provider = new MapDbStorageProvider();

  private static int storedChecksum(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      raf.seek(20);
      return raf.readInt();
    }
  }

  @Test
  void aCommitWritesNoHeaderChecksum() throws IOException {
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      engine.keyspace("a").put(KEY, VALUE);
      assertThat(storedChecksum(dir.resolve("state.mapdb"))).isZero();
      assertThat(storedChecksum(dir.resolve("state-mirror.mapdb"))).isZero();
    }
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(engine.keyspace("a").get(KEY))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(VALUE));
    }
  }

  @Test
  void aStoreCreatedWithHeaderChecksumsOpensAndKeepsItsData() throws IOException {
    Path file = dir.resolve("state.mapdb");
    StoreDirect store =
        StoreDirect.Companion.make(
            file.toString(),
            new MappedFileVol.MappedFileFactory(true, false),
            0L,
            false,
            true,
            CC.STORE_DIRECT_CONC_SHIFT,
            CC.PAGE_SIZE,
            0L,
            false,
            false,
            false,
            true,
            false);
    DB db = new DB(store, false, true, getClass().getClassLoader(), 0);
    db.treeMap("ks.a", Serializer.BYTE_ARRAY_DELTA, Serializer.BYTE_ARRAY)
        .valuesOutsideNodesEnable()
        .createOrOpen()
        .put(KEY, VALUE);
    db.commit();
    db.close();
    assertThat(storedChecksum(file)).as("a file written with a header checksum").isNotZero();

    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(engine.keyspace("a").get(KEY))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(VALUE));
      engine.keyspace("a").put(new byte[] {3}, VALUE);
    }
    try (StorageEngine engine = provider.open(StorageConfig.at(dir))) {
      assertThat(engine.keyspace("a").get(KEY))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(VALUE));
      assertThat(engine.keyspace("a").get(new byte[] {3}))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(VALUE));
    }
  }
}
