package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageConfig.Durability;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/** The native option objects one store uses for its whole life; closed after the database. */
final class NativeOptions implements AutoCloseable {
  /**
   * Block cache when the config leaves the choice to the engine: RocksDB's own per-table default.
   */
  static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;

  /**
   * Old info logs kept; each open starts a new one, so a crash loop would otherwise pile them up.
   */
  static final int INFO_LOGS_KEPT = 2;

  /**
   * Background flush and compaction threads: small, the engine shares the machine with the node.
   */
  static final int BACKGROUND_JOBS = 2;

  final DBOptions db;
  final ColumnFamilyOptions columnFamily;
  final WriteOptions write;
  private final LRUCache cache;

  NativeOptions(StorageConfig config) {
    cache = new LRUCache(config.cacheBytes() > 0 ? config.cacheBytes() : DEFAULT_CACHE_BYTES);
    columnFamily =
        new ColumnFamilyOptions()
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    db =
        new DBOptions()
            .setCreateIfMissing(true)
            .setParanoidChecks(true)
            .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
            .setKeepLogFileNum(INFO_LOGS_KEPT)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
            .setMaxBackgroundJobs(BACKGROUND_JOBS);
    write = new WriteOptions().setSync(config.durability() == Durability.MACHINE_CRASH);
  }

  @Override
  public void close() {
    write.close();
    db.close();
    columnFamily.close();
    cache.close();
  }
}
