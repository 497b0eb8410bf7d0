package dev.mero4j.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.blobs.internal.Layout;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.BlobInfo;
import dev.mero4j.runtime.api.BlobTooLargeException;
import dev.mero4j.runtime.api.UnknownBlobException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.storage.rocksdb.RocksDbStorageEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blob store on each real storage provider: memory, MapDB files, RocksDB files. */
class BlobStoreTest {
  private static final int MIB = BlobStore.CHUNK_BYTES;

  @TempDir Path dir;
  private StorageEngine storage;
  private final TestKeys keys = new TestKeys();

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(
            "memory",
            (Function<Path, StorageEngine>)
                p -> new MemoryStorageProvider().open(StorageConfig.at(p))),
        Arguments.of(
            "mapdb",
            (Function<Path, StorageEngine>) p -> MapDbStorageEngine.open(StorageConfig.at(p))),
        Arguments.of(
            "rocksdb",
            (Function<Path, StorageEngine>) p -> RocksDbStorageEngine.open(StorageConfig.at(p))));
  }

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  private BlobStore open(Function<Path, StorageEngine> provider, long max) {
    storage = provider.apply(dir.resolve("store"));
    return new BlobStore(storage, keys, max);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void roundTripsAtChunkBoundariesAndReadsRanges(
      String name, Function<Path, StorageEngine> provider) throws IOException {
    BlobStore blobs = open(provider, 64L * MIB);
    ContextId c = keys.add("c");
    for (int size : new int[] {0, 1, MIB - 1, MIB, MIB + 1, 2 * MIB + MIB / 2}) {
      byte[] content = bytes(size, size);
      BlobInfo info = blobs.put(c, new ByteArrayInputStream(content));
      assertThat(info.size()).isEqualTo(size);
      assertThat(info.chunks()).isEqualTo((size + MIB - 1) / MIB);
      assertThat(read(blobs.open(c, info.id(), 0, size))).isEqualTo(content);
      assertThat(blobs.info(c, info.id())).contains(info);
    }
    byte[] content = bytes(7, 3 * MIB + 5);
    Hash id = blobs.put(c, new ByteArrayInputStream(content)).id();
    long[][] ranges = {
      {0, 1}, {MIB - 3, 6}, {MIB, MIB}, {5, 2 * MIB + 100}, {3L * MIB + 4, 1}, {3L * MIB + 5, 0}
    };
    for (long[] r : ranges) {
      byte[] expected = Arrays.copyOfRange(content, (int) r[0], (int) (r[0] + r[1]));
      try (InputStream in = blobs.open(c, id, r[0], r[1])) {
        assertThat(read(in)).as("range %s+%s", r[0], r[1]).isEqualTo(expected);
      }
    }
    assertThatThrownBy(() -> blobs.open(c, id, 3L * MIB + 5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blobs.open(c, id, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> blobs.open(c, Hash.sha256(new byte[1]), 0, 0))
        .isInstanceOf(UnknownBlobException.class)
        .hasMessageContaining(c.toBase58());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void storesEqualContentOnceAndDeletesChunksWithTheirLastBlob(
      String name, Function<Path, StorageEngine> provider) {
    BlobStore blobs = open(provider, 64L * MIB);
    ContextId c = keys.add("c");
    byte[] a = bytes(1, 3 * MIB);
    BlobInfo first = blobs.put(c, new ByteArrayInputStream(a));
    int chunksAfterFirst = count(c, 'c');
    assertThat(chunksAfterFirst).isEqualTo(3);
    BlobInfo again = blobs.put(c, new ByteArrayInputStream(a));
    assertThat(again).isEqualTo(first);
    assertThat(count(c, 'c')).isEqualTo(3);
    // Shares its first two chunks with a: only one new chunk is stored.
    byte[] b = Arrays.copyOf(a, 2 * MIB + 10);
    BlobInfo second = blobs.put(c, new ByteArrayInputStream(b));
    assertThat(count(c, 'c')).isEqualTo(4);
    // One chunk repeated four times is stored once.
    byte[] repeated = new byte[4 * MIB];
    BlobInfo zeros = blobs.put(c, new ByteArrayInputStream(repeated));
    assertThat(count(c, 'c')).isEqualTo(5);
    assertThat(blobs.list(c))
        .extracting(BlobInfo::id)
        .containsExactlyInAnyOrder(first.id(), second.id(), zeros.id());

    assertThat(blobs.delete(c, first.id())).isTrue();
    assertThat(count(c, 'c')).isEqualTo(4); // a's third chunk went; the two shared ones stay
    assertThat(read(blobs.open(c, second.id(), 0, b.length))).isEqualTo(b);
    assertThat(blobs.delete(c, first.id())).isFalse();
    blobs.delete(c, second.id());
    blobs.delete(c, zeros.id());
    assertThat(count(c, 'c')).isZero();
    assertThat(count(c, 'r')).isZero();
    assertThat(blobs.list(c)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void deletingAContextsBlobsLeavesOtherContextsAlone(
      String name, Function<Path, StorageEngine> provider) {
    BlobStore blobs = open(provider, 64L * MIB);
    ContextId gone = keys.add("gone");
    ContextId kept = keys.add("kept");
    byte[] a = bytes(7, 2 * MIB + 5);
    for (int i = 0; i < 3; i++) {
      blobs.put(gone, new ByteArrayInputStream(bytes(10 + i, MIB + i)));
    }
    blobs.put(gone, new ByteArrayInputStream(a));
    BlobInfo keptBlob = blobs.put(kept, new ByteArrayInputStream(a));
    assertThat(count(gone, 'm')).isEqualTo(4);

    long deleted = blobs.deleteAll(gone);

    // 4 manifests; 1 + 2 + 2 + 3 chunks (1 MiB, 1 MiB + 1, 1 MiB + 2, 2 MiB + 5) and their counts
    assertThat(deleted).isEqualTo(4 + 2 * 8);
    for (char kind : new char[] {'m', 'c', 'r'}) {
      assertThat(count(gone, kind)).as("kind %s", kind).isZero();
    }
    assertThat(blobs.list(gone)).isEmpty();
    assertThat(read(blobs.open(kept, keptBlob.id(), 0, a.length))).isEqualTo(a);
    assertThat(blobs.deleteAll(gone)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void equalFilesInTwoContextsDoNotLink(String name, Function<Path, StorageEngine> provider) {
    BlobStore blobs = open(provider, 64L * MIB);
    ContextId c1 = keys.add("one");
    ContextId c2 = keys.add("two");
    byte[] content = bytes(3, 2 * MIB);
    BlobInfo in1 = blobs.put(c1, new ByteArrayInputStream(content));
    BlobInfo in2 = blobs.put(c2, new ByteArrayInputStream(content));
    assertThat(in1.id()).isNotEqualTo(in2.id());
    Set<String> stored1 = values(c1);
    Set<String> stored2 = values(c2);
    assertThat(stored1).hasSize(3); // two chunks and a manifest
    assertThat(stored2).hasSize(3).doesNotContainAnyElementsOf(stored1);
    assertThat(blobs.info(c2, in1.id())).isEmpty();
    assertThat(blobs.list(c2)).extracting(BlobInfo::id).containsExactly(in2.id());
    assertThatThrownBy(() -> blobs.list(ContextId.ZERO))
        .isInstanceOf(UnknownContextException.class);
    assertThatThrownBy(() -> blobs.put(ContextId.ZERO, new ByteArrayInputStream(content)))
        .isInstanceOf(UnknownContextException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void refusesOversizedAndFailedUploadsKeepingNothing(
      String name, Function<Path, StorageEngine> provider) {
    BlobStore blobs = open(provider, 3L * MIB);
    ContextId c = keys.add("c");
    PseudoRandomStream endless = new PseudoRandomStream(1, Long.MAX_VALUE);
    assertThatThrownBy(() -> blobs.put(c, endless))
        .isInstanceOf(BlobTooLargeException.class)
        .hasMessageContaining("3145728");
    assertThat(endless.produced())
        .isLessThanOrEqualTo(4L * MIB); // read at most one chunk past the cap
    assertThat(count(c, 'c')).isZero();
    // Exactly at the cap is fine.
    assertThat(blobs.put(c, new PseudoRandomStream(2, 3L * MIB)).size()).isEqualTo(3L * MIB);
    int kept = count(c, 'c');

    InputStream truncated =
        new InputStream() {
          private final PseudoRandomStream inner = new PseudoRandomStream(3, 2L * MIB + 7);

          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = inner.read(b, off, len);
            if (n < 0) {
              throw new IOException("connection reset");
            }
            return n;
          }
        };
    assertThatThrownBy(() -> blobs.put(c, truncated)).hasMessageContaining("connection reset");
    assertThat(count(c, 'c')).isEqualTo(kept);
    assertThatThrownBy(() -> new BlobStore(storage, keys, BlobStore.MAX_BLOB_BYTES_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private int count(ContextId context, char kind) {
    int n = 0;
    byte[] prefix = Layout.manifests(context);
    prefix[0] = (byte) kind;
    try (KeyValueCursor cursor = storage.keyspace(Layout.KEYSPACE).prefix(prefix)) {
      while (cursor.hasNext()) {
        cursor.next();
        n++;
      }
    }
    return n;
  }

  private Set<String> values(ContextId context) {
    Set<String> out = new HashSet<>();
    List<byte[]> prefixes = new ArrayList<>();
    for (char kind : new char[] {'c', 'm'}) {
      byte[] prefix = Layout.manifests(context);
      prefix[0] = (byte) kind;
      prefixes.add(prefix);
    }
    for (byte[] prefix : prefixes) {
      try (KeyValueCursor cursor = storage.keyspace(Layout.KEYSPACE).prefix(prefix)) {
        while (cursor.hasNext()) {
          KeyValue e = cursor.next();
          out.add(Hash.sha256(e.value()).toHex());
        }
      }
    }
    return out;
  }

  static byte[] bytes(long seed, int size) {
    byte[] out = new byte[size];
    new java.util.SplittableRandom(seed).nextBytes(out);
    return out;
  }

  static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
