package dev.mero4j.runtime.api;

import dev.mero4j.primitives.Hash;
import java.util.Objects;

/**
 * A stored blob: its id (keyed per context, so equal files in two contexts get unrelated ids), its
 * size in bytes and its number of chunks.
 */
public record BlobInfo(Hash id, long size, int chunks) {
  public BlobInfo {
    Objects.requireNonNull(id, "id");
    if (size < 0 || chunks < 0) {
      throw new IllegalArgumentException("negative blob size or chunk count");
    }
  }
}
