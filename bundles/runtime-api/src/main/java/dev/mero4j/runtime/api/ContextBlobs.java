package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The blobs of the contexts this node holds: content-addressed, chunked, deduplicated and sealed
 * per context (docs/architecture.md, "Blobs"). Content streams in and out; no call holds a whole
 * blob in memory. Thread-safe.
 */
public interface ContextBlobs {
  /**
   * Stores everything {@code content} yields and returns the blob; storing equal bytes again in the
   * same context returns the same id and stores nothing new. The stream is not closed.
   *
   * @throws UnknownContextException the node does not hold {@code context}
   * @throws BlobTooLargeException the content passes the size cap; nothing is kept
   */
  BlobInfo put(ContextId context, InputStream content);

  /** The blob {@code id} of {@code context}, if stored. */
  Optional<BlobInfo> info(ContextId context, Hash id);

  /** Every blob of {@code context}, ordered by id. */
  List<BlobInfo> list(ContextId context);

  /**
   * The bytes {@code [offset, offset + length)} of a blob, read and verified chunk by chunk as the
   * stream is consumed; close it when done.
   *
   * @throws UnknownBlobException no such blob in {@code context}
   * @throws IllegalArgumentException the range is not inside the blob
   * @throws CorruptBlobException (from the stream's reads) stored data fails verification
   */
  InputStream open(ContextId context, Hash id, long offset, long length);

  /** Removes the blob, and every chunk no other blob uses; false if it was not stored. */
  boolean delete(ContextId context, Hash id);

  /** The largest blob {@link #put} accepts, in bytes. */
  long maxBlobBytes();
}
