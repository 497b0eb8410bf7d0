package dev.mero4j.node.internal;

import dev.mero4j.node.InvalidHomeException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The node's own records in storage: the data format version and the identity that owns the data.
 */
public final class NodeMetadata {
  /** Keyspace holding node-level records. */
  public static final String KEYSPACE = "node";

  /** Data format written by this build; a newer one on disk is refused rather than misread. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.UTF_8);
  private static final byte[] IDENTITY_KEY = "identity".getBytes(StandardCharsets.UTF_8);

  private NodeMetadata() {}

  /** Refuses data of a newer format or of another identity, then records ours. */
  public static void checkAndRecord(StorageEngine storage, PublicKey identity) {
    Keyspace node = storage.keyspace(KEYSPACE);
    Optional<byte[]> format = node.get(FORMAT_KEY);
    if (format.isPresent()) {
      int version = format.get().length == 1 ? format.get()[0] : Integer.MAX_VALUE;
      if (version > FORMAT_VERSION) {
        throw new InvalidHomeException(
            "the data directory was written by a newer Mero4j (format "
                + version
                + "); upgrade Mero4j");
      }
    }
    Optional<byte[]> owner = node.get(IDENTITY_KEY);
    if (owner.isPresent() && !Arrays.equals(owner.get(), identity.toBytes())) {
      throw new InvalidHomeException(
          "the data directory belongs to another identity ("
              + PublicKey.of(owner.get())
              + "), not to "
              + identity
              + "; was identity.key replaced?");
    }
    if (format.isEmpty() || owner.isEmpty()) {
      storage.write(
          new WriteBatch()
              .put(KEYSPACE, FORMAT_KEY, new byte[] {FORMAT_VERSION})
              .put(KEYSPACE, IDENTITY_KEY, identity.toBytes()));
    }
  }
}
