package dev.mero4j.blobs;

import dev.mero4j.blobs.internal.BlobCrypto;
import dev.mero4j.blobs.internal.ChunkStream;
import dev.mero4j.blobs.internal.Layout;
import dev.mero4j.blobs.internal.Manifest;
import dev.mero4j.blobs.internal.Merkle;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.BlobInfo;
import dev.mero4j.runtime.api.BlobTooLargeException;
import dev.mero4j.runtime.api.ContextBlobs;
import dev.mero4j.runtime.api.CorruptBlobException;
import dev.mero4j.runtime.api.UnknownBlobException;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The blob store over the storage SPI (docs/architecture.md, "Blobs"): content cut in {@link
 * #CHUNK_BYTES} chunks, each stored once per context under a keyed address and sealed with
 * AES-256-GCM under a key derived from the context key; a sealed manifest lists the chunks' Merkle
 * leaves, and the blob id is an HMAC of the Merkle root under a per-context key. Uploads stream
 * through one chunk buffer; reads verify each chunk as it is read. Chunks are reference-counted
 * across the context's blobs and deleted with their last one. Thread-safe within one process.
 */
public final class BlobStore implements ContextBlobs {
  /** The chunk size: 1 MiB. */
  public static final int CHUNK_BYTES = 1 << 20;

  /** The default cap on one blob: 4 GiB. */
  public static final long DEFAULT_MAX_BLOB_BYTES = 4L << 30;

  /** The largest cap allowed: its manifest (32 bytes a chunk) stays under storage's value limit. */
  public static final long MAX_BLOB_BYTES_LIMIT = 256L << 30;

  private final StorageEngine storage;
  private final BlobKeys keys;
  private final long maxBlobBytes;
  private final Object lock = new Object();

  /** Chunks an upload in progress has stored or counted on: never deleted while pinned. */
  private final Map<ByteBuffer, Integer> pins = new HashMap<>();

  /** Records deleted per storage write by {@link #deleteAll}. */
  static final int DELETE_BATCH = 1024;

  public BlobStore(StorageEngine storage, BlobKeys keys, long maxBlobBytes) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.keys = Objects.requireNonNull(keys, "keys");
    if (maxBlobBytes < 0 || maxBlobBytes > MAX_BLOB_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "max blob size must be 0.." + MAX_BLOB_BYTES_LIMIT + " bytes, got " + maxBlobBytes);
    }
    this.maxBlobBytes = maxBlobBytes;
  }

  @Override
  public long maxBlobBytes() {
    return maxBlobBytes;
  }

  @Override
  public BlobInfo put(ContextId context, InputStream content) {
    BlobCrypto crypto = new BlobCrypto(context, keys.current(context));
    MessageDigest digest = Hash.newDigest();
    List<byte[]> leaves = new ArrayList<>();
    List<byte[]> pinned = new ArrayList<>();
    byte[] buffer = new byte[CHUNK_BYTES];
    long size = 0;
    boolean done = false;
    try {
      while (true) {
        int n = readChunk(content, buffer);
        if (n == 0) {
          break;
        }
        size += n;
        if (size > maxBlobBytes) {
          throw new BlobTooLargeException(
              "blob larger than the cap of " + maxBlobBytes + " bytes; nothing was stored");
        }
        byte[] leaf = Merkle.leaf(digest, buffer, 0, n);
        leaves.add(leaf);
        byte[] key = Layout.chunk(context, crypto.address(leaf));
        synchronized (lock) {
          pin(key);
          pinned.add(key);
          if (chunks().get(key).isEmpty()) {
            chunks().put(key, crypto.sealChunk(leaf, buffer, 0, n));
          }
        }
        if (n < CHUNK_BYTES) {
          break;
        }
      }
      Hash id = crypto.blobId(size, Merkle.root(leaves));
      commit(context, crypto, id, new Manifest(size, leaves));
      done = true;
      return new BlobInfo(id, size, leaves.size());
    } finally {
      release(context, pinned, done);
    }
  }

  private static int readChunk(InputStream content, byte[] buffer) {
    try {
      return content.readNBytes(buffer, 0, buffer.length);
    } catch (IOException e) {
      throw new UncheckedIOException("reading blob content failed: " + e.getMessage(), e);
    }
  }

  private void commit(ContextId context, BlobCrypto crypto, Hash id, Manifest manifest) {
    byte[] manifestKey = Layout.manifest(context, id);
    synchronized (lock) {
      Keyspace space = storage.keyspace(Layout.KEYSPACE);
      if (space.get(manifestKey).isPresent()) {
        return; // the same blob again: its chunks are already counted
      }
      WriteBatch batch =
          new WriteBatch()
              .put(Layout.KEYSPACE, manifestKey, crypto.sealManifest(id, manifest.encode()));
      adjustRefs(context, crypto, manifest, +1, batch);
      storage.write(batch);
    }
  }

  /** Unpins an upload's chunks; a failed upload deletes those nothing references. */
  private void release(ContextId context, List<byte[]> pinned, boolean committed) {
    synchronized (lock) {
      for (byte[] key : pinned) {
        ByteBuffer k = ByteBuffer.wrap(key);
        int left = pins.merge(k, -1, Integer::sum);
        if (left <= 0) {
          pins.remove(k);
          if (!committed && refs(context, key) == 0) {
            chunks().delete(key);
          }
        }
      }
    }
  }

  private long refs(ContextId context, byte[] chunkKey) {
    byte[] address = java.util.Arrays.copyOfRange(chunkKey, 33, 65);
    return Layout.count(chunks().get(Layout.refs(context, address)).orElse(null));
  }

  private void pin(byte[] key) {
    pins.merge(ByteBuffer.wrap(key), 1, Integer::sum);
  }

  /**
   * Adds {@code delta} per occurrence of each chunk of {@code manifest}; at zero the chunk goes.
   */
  private void adjustRefs(
      ContextId context, BlobCrypto crypto, Manifest manifest, int delta, WriteBatch batch) {
    Map<ByteBuffer, Integer> occurrences = new LinkedHashMap<>();
    for (byte[] leaf : manifest.leaves()) {
      occurrences.merge(ByteBuffer.wrap(crypto.address(leaf)), 1, Integer::sum);
    }
    Keyspace space = chunks();
    for (Map.Entry<ByteBuffer, Integer> e : occurrences.entrySet()) {
      byte[] address = new byte[e.getKey().remaining()];
      e.getKey().duplicate().get(address);
      byte[] refKey = Layout.refs(context, address);
      long count = Layout.count(space.get(refKey).orElse(null)) + (long) delta * e.getValue();
      if (count > 0) {
        batch.put(Layout.KEYSPACE, refKey, Layout.count(count));
      } else {
        batch.delete(Layout.KEYSPACE, refKey);
        byte[] chunkKey = Layout.chunk(context, address);
        if (!pins.containsKey(ByteBuffer.wrap(chunkKey))) {
          batch.delete(Layout.KEYSPACE, chunkKey);
        }
      }
    }
  }

  @Override
  public Optional<BlobInfo> info(ContextId context, Hash id) {
    return manifest(context, id)
        .map(m -> new BlobInfo(id, m.manifest().size(), m.manifest().leaves().size()));
  }

  @Override
  public List<BlobInfo> list(ContextId context) {
    keys.current(context); // unknown contexts fail here, as for every other call
    List<Hash> ids = new ArrayList<>();
    try (KeyValueCursor cursor = chunks().prefix(Layout.manifests(context))) {
      while (cursor.hasNext()) {
        KeyValue entry = cursor.next();
        ids.add(Layout.blobOf(entry.key()));
      }
    }
    List<BlobInfo> out = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      info(context, id).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public InputStream open(ContextId context, Hash id, long offset, long length) {
    Opened opened =
        manifest(context, id)
            .orElseThrow(
                () ->
                    new UnknownBlobException(
                        "no blob " + id.toBase58() + " in context " + context.toBase58()));
    long size = opened.manifest().size();
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new IllegalArgumentException(
          "range of "
              + length
              + " bytes at "
              + offset
              + " is outside the blob of "
              + size
              + " bytes");
    }
    return new ChunkStream(
        storage, context, id, opened.crypto(), opened.manifest(), CHUNK_BYTES, offset, length);
  }

  @Override
  public boolean delete(ContextId context, Hash id) {
    synchronized (lock) {
      Optional<Opened> opened = manifest(context, id);
      if (opened.isEmpty()) {
        return false;
      }
      WriteBatch batch = new WriteBatch().delete(Layout.KEYSPACE, Layout.manifest(context, id));
      adjustRefs(context, opened.get().crypto(), opened.get().manifest(), -1, batch);
      storage.write(batch);
      return true;
    }
  }

  /**
   * Deletes every blob, chunk and reference count of {@code context}, in batches of at most {@value
   * #DELETE_BATCH} records; the node calls it when it deletes the context. Needs no context key.
   *
   * @return the number of records deleted
   */
  public long deleteAll(ContextId context) {
    long deleted = 0;
    synchronized (lock) {
      for (char kind : new char[] {'m', 'c', 'r'}) {
        byte[] prefix = Layout.prefix(kind, context);
        while (true) {
          WriteBatch batch = new WriteBatch();
          int n = 0;
          try (KeyValueCursor cursor = chunks().prefix(prefix)) {
            while (n < DELETE_BATCH && cursor.hasNext()) {
              batch.delete(Layout.KEYSPACE, cursor.next().key());
              n++;
            }
          }
          if (n == 0) {
            break;
          }
          storage.write(batch);
          deleted += n;
        }
      }
    }
    return deleted;
  }

  private record Opened(BlobCrypto crypto, Manifest manifest) {}

  /** The verified manifest of a blob: it opens, and its leaves give back the blob's id. */
  private Optional<Opened> manifest(ContextId context, Hash id) {
    keys.current(context);
    Optional<byte[]> sealed = chunks().get(Layout.manifest(context, id));
    if (sealed.isEmpty()) {
      return Optional.empty();
    }
    String blob = "blob " + id.toBase58() + " of context " + context.toBase58();
    try {
      BlobCrypto crypto =
          new BlobCrypto(context, keys.of(context, BlobCrypto.manifestKeyId(sealed.get())));
      Manifest manifest = Manifest.decode(crypto.openManifest(id, sealed.get()), CHUNK_BYTES);
      if (!crypto.blobId(manifest.size(), Merkle.root(manifest.leaves())).equals(id)) {
        throw new CorruptBlobException("the manifest of " + blob + " does not match its id");
      }
      return Optional.of(new Opened(crypto, manifest));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CorruptBlobException(
          "the manifest of " + blob + " is corrupt: " + e.getMessage(), e);
    }
  }

  private Keyspace chunks() {
    return storage.keyspace(Layout.KEYSPACE);
  }
}
