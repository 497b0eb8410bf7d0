package dev.mero4j.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.BlobInfo;
import dev.mero4j.runtime.api.CorruptBlobException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store on real MapDB files: big streamed blobs in a small heap, and bit rot on disk. */
class BlobStoreOnDiskTest {
  private static final int MIB = BlobStore.CHUNK_BYTES;

  @TempDir Path dir;
  private final TestKeys keys = new TestKeys();

  /** The module's tests run with -Xmx96m (pom): holding the blob whole would not fit. */
  @Test
  void streams128MibInAndOutByteIdenticalInASmallHeap() throws Exception {
    long size = 128L * MIB + 12_345;
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(size);
    ContextId c = keys.add("big");
    try (StorageEngine storage = MapDbStorageEngine.open(StorageConfig.at(dir))) {
      BlobStore blobs = new BlobStore(storage, keys, BlobStore.DEFAULT_MAX_BLOB_BYTES);
      BlobInfo info = blobs.put(c, new PseudoRandomStream(42, size));
      assertThat(info.size()).isEqualTo(size);
      assertThat(info.chunks()).isEqualTo(129);
      assertThat(sha256(blobs.open(c, info.id(), 0, size)))
          .isEqualTo(sha256(new PseudoRandomStream(42, size)));
    }
  }

  @Test
  void aFlippedByteOnDiskNamesTheBlobAndChunk() throws Exception {
    ContextId c = keys.add("rot");
    byte[] content = BlobStoreTest.bytes(9, 2 * MIB + 10);
    BlobInfo info;
    byte[] needle;
    try (StorageEngine storage = MapDbStorageEngine.open(StorageConfig.at(dir))) {
      BlobStore blobs = new BlobStore(storage, keys, 64L * MIB);
      info = blobs.put(c, new ByteArrayInputStream(content));
      // 64 bytes from the middle of the sealed second chunk, to find it in the files.
      byte[] leaf = dev.mero4j.blobs.internal.Merkle.leaf(Hash.newDigest(), content, MIB, MIB);
      byte[] sealed =
          storage
              .keyspace("blobs")
              .get(
                  dev.mero4j.blobs.internal.Layout.chunk(
                      c,
                      new dev.mero4j.blobs.internal.BlobCrypto(c, keys.current(c)).address(leaf)))
              .orElseThrow();
      needle = java.util.Arrays.copyOfRange(sealed, 500_000, 500_064);
    }
    assertThat(flipInFiles(needle)).isTrue();
    try (StorageEngine storage = MapDbStorageEngine.open(StorageConfig.at(dir))) {
      BlobStore blobs = new BlobStore(storage, keys, 64L * MIB);
      InputStream in = blobs.open(c, info.id(), 0, content.length);
      assertThat(in.readNBytes(MIB))
          .isEqualTo(java.util.Arrays.copyOf(content, MIB)); // chunk 0 is intact
      assertThatThrownBy(in::read)
          .isInstanceOf(CorruptBlobException.class)
          .hasMessageContaining("blob " + info.id().toBase58())
          .hasMessageContaining("chunk 1 of 3")
          .hasMessageContaining("fails authentication");
      // A range that needs only chunk 2 still reads: each chunk verifies alone.
      byte[] tail = BlobStoreTest.read(blobs.open(c, info.id(), 2L * MIB, 10));
      assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(content, 2 * MIB, 2 * MIB + 10));
    }
  }

  private boolean flipInFiles(byte[] needle) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      byte[] data = Files.readAllBytes(file);
      int at = indexOf(data, needle);
      if (at >= 0) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
            FileChannel ch = raf.getChannel()) {
          ch.write(ByteBuffer.wrap(new byte[] {(byte) (data[at + 10] ^ 0x01)}), at + 10);
        }
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest = Hash.newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return Hash.of(digest.digest()).toHex();
  }
}
