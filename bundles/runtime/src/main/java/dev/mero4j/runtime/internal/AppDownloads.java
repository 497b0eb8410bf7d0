package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The chunks of application downloads in progress, kept in storage so a fetch resumes where it
 * stopped, even after a restart:
 *
 * <pre>
 *   app-downloads  app id ‖ offset (u64 big-endian)  -> chunk bytes
 * </pre>
 */
public final class AppDownloads {
  static final String KEYSPACE = "app-downloads";

  private final StorageEngine storage;
  private final long maxBytes;

  /** Keeps downloads of at most {@code maxBytes} each (the module size limit). */
  public AppDownloads(StorageEngine storage, long maxBytes) {
    this.storage = storage;
    this.maxBytes = maxBytes;
  }

  /** The chunks from offset 0 that follow each other without a gap, at most the limit. */
  public byte[] partial(ApplicationId application) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (KeyValueCursor cursor = storage.keyspace(KEYSPACE).prefix(application.toBytes())) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        long offset = ByteBuffer.wrap(kv.key(), 32, 8).getLong();
        if (offset != out.size() || out.size() + (long) kv.value().length > maxBytes) {
          break;
        }
        out.write(kv.value(), 0, kv.value().length);
      }
    }
    return out.toByteArray();
  }

  public void save(ApplicationId application, long offset, byte[] chunk) {
    if (offset < 0 || offset + chunk.length > maxBytes) {
      throw new IllegalArgumentException(
          "a chunk at " + offset + " of " + chunk.length + " bytes is outside the module limit");
    }
    storage.write(new WriteBatch().put(KEYSPACE, key(application, offset), chunk));
  }

  public void discard(ApplicationId application) {
    WriteBatch batch = new WriteBatch();
    try (KeyValueCursor cursor = storage.keyspace(KEYSPACE).prefix(application.toBytes())) {
      while (cursor.hasNext()) {
        batch.delete(KEYSPACE, cursor.next().key());
      }
    }
    if (!batch.isEmpty()) {
      storage.write(batch);
    }
  }

  private static byte[] key(ApplicationId application, long offset) {
    return ByteBuffer.allocate(40).put(application.toBytes()).putLong(offset).array();
  }
}
