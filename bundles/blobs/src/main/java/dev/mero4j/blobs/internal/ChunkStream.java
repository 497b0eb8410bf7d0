package dev.mero4j.blobs.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.CorruptBlobException;
import dev.mero4j.storage.api.StorageEngine;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Reads {@code [offset, offset + length)} of a blob, loading, opening and hash-checking one chunk
 * at a time: at most one chunk (sealed and in clear) is held.
 */
public final class ChunkStream extends InputStream {
  private final StorageEngine storage;
  private final ContextId context;
  private final Hash blob;
  private final BlobCrypto crypto;
  private final Manifest manifest;
  private final int chunkBytes;
  private final MessageDigest digest = Hash.newDigest();
  private long position;
  private final long end;
  private byte[] chunk;
  private int chunkIndex = -1;

  public ChunkStream(
      StorageEngine storage,
      ContextId context,
      Hash blob,
      BlobCrypto crypto,
      Manifest manifest,
      int chunkBytes,
      long offset,
      long length) {
    this.storage = storage;
    this.context = context;
    this.blob = blob;
    this.crypto = crypto;
    this.manifest = manifest;
    this.chunkBytes = chunkBytes;
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (position >= end) {
      return -1;
    }
    int index = (int) (position / chunkBytes);
    if (index != chunkIndex) {
      chunk = load(index);
      chunkIndex = index;
    }
    int within = (int) (position - (long) index * chunkBytes);
    int n = (int) Math.min(Math.min(length, chunk.length - within), end - position);
    System.arraycopy(chunk, within, target, offset, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - position));
    position += skipped;
    return skipped;
  }

  @Override
  public int available() {
    return chunk == null ? 0 : (int) Math.max(0, Math.min(end - position, chunkBytes));
  }

  @Override
  public void close() {
    chunk = null;
  }

  private byte[] load(int index) {
    byte[] leaf = manifest.leaves().get(index);
    String where =
        "blob "
            + blob.toBase58()
            + " of context "
            + context.toBase58()
            + ": chunk "
            + index
            + " of "
            + manifest.leaves().size();
    byte[] sealed =
        storage
            .keyspace(Layout.KEYSPACE)
            .get(Layout.chunk(context, crypto.address(leaf)))
            .orElseThrow(() -> new CorruptBlobException(where + " is missing from storage"));
    byte[] plain;
    try {
      plain = crypto.openChunk(leaf, sealed);
    } catch (GeneralSecurityException e) {
      throw new CorruptBlobException(where + " fails authentication: stored bytes were altered", e);
    }
    long expected = Math.min(chunkBytes, manifest.size() - (long) index * chunkBytes);
    if (plain.length != expected
        || !MessageDigest.isEqual(Merkle.leaf(digest, plain, 0, plain.length), leaf)) {
      throw new CorruptBlobException(where + " does not hash to its Merkle leaf");
    }
    return plain;
  }
}
