package dev.mero4j.storage.mapdb;

import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract again with a background checkpoint after almost every write and an inline one when a
 * few KiB are pending, so reads, cursors and snapshots run against the unflushed writes, the frozen
 * ones a checkpoint is moving and the B-trees at once.
 */
class MapDbEagerCheckpointTest extends StorageEngineContractTest {
  private static final String[] PROPERTIES = {
    "mero4j.mapdb.checkpoint.softBytes", "mero4j.mapdb.checkpoint.hardBytes",
  };

  @BeforeAll
  static void tinyBounds() {
    System.setProperty(PROPERTIES[0], "1");
    System.setProperty(PROPERTIES[1], "4096");
  }

  @AfterAll
  static void defaultBounds() {
    for (String property : PROPERTIES) {
      System.clearProperty(property);
    }
  }

  @Override
  protected StorageProvider provider() {
    return new MapDbStorageProvider();
  }
}
