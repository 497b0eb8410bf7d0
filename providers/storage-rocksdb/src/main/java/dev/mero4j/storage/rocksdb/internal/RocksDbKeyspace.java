package dev.mero4j.storage.rocksdb.internal;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageLimits;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;

/** The live view of one keyspace: one RocksDB column family. */
final class RocksDbKeyspace implements Keyspace {
  private final RocksDbStore store;
  private final String name;
  private final ColumnFamilyHandle handle;

  RocksDbKeyspace(RocksDbStore store, String name, ColumnFamilyHandle handle) {
    this.store = store;
    this.name = name;
    this.handle = handle;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    StorageLimits.checkKey(key);
    StorageLimits.checkValue(value);
    store.put(handle, key, value);
  }

  @Override
  public void delete(byte[] key) {
    StorageLimits.checkKey(key);
    store.delete(handle, key);
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    StorageLimits.checkKey(key);
    return store.guard().read(() -> Optional.ofNullable(store.get(handle, null, key)));
  }

  /** A point-in-time scan: the iterator sees the keyspace as it was when the cursor was opened. */
  @Override
  public KeyValueCursor range(byte[] from, byte[] to) {
    return store
        .guard()
        .read(
            () -> {
              RocksDbCursor cursor =
                  new RocksDbCursor(store, store.iterator(handle, null), from, to, store::giveBack);
              store.lend(cursor);
              return cursor;
            });
  }
}
