package dev.mero4j.storage.tck;

import static dev.mero4j.storage.tck.TckSupport.bytes;
import static dev.mero4j.storage.tck.TckSupport.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.storage.api.KeyRanges;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.ReadableKeyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A jqwik property that runs random operation sequences against the engine and a {@link TreeMap}
 * model with the same unsigned order, then compares every scan, range and snapshot.
 */
public abstract class StorageModelProperties extends StorageTestFixture {
  private static final List<String> KEYSPACES = List.of("a", "b");

  /** Range bounds around the key alphabet's sign boundary and the 0xFF edge. */
  private static final List<byte[]> BOUNDS =
      Arrays.asList(
          null,
          bytes(0x00),
          bytes(0x01),
          bytes(0x7f),
          bytes(0x80),
          bytes(0x80, 0xff),
          bytes(0xff),
          bytes(0xff, 0xff));

  @Property(tries = 40)
  void randomOperationsMatchSortedMapModel(@ForAll("operations") List<Op> ops) {
    Path dir = newTempDirectory();
    StorageEngine store = provider().open(config(dir));
    List<SnapshotAndModel> snapshots = new ArrayList<>();
    try {
      Model model = new Model();
      for (Op op : ops) {
        if (op instanceof Reopen) {
          if (durable()) {
            verifyAndClose(snapshots);
            store.close();
            store = provider().open(config(dir));
          }
        } else if (op instanceof TakeSnapshot) {
          snapshots.add(new SnapshotAndModel(store.snapshot(), model.copy()));
        } else {
          op.applyTo(store);
          op.applyTo(model);
        }
      }
      for (String keyspace : KEYSPACES) {
        assertMatches(store.keyspace(keyspace), model.keyspace(keyspace));
      }
      verifyAndClose(snapshots);
    } finally {
      snapshots.forEach(s -> s.snapshot().close());
      store.close();
      deleteRecursively(dir);
    }
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> keyspace = Arbitraries.of(KEYSPACES);
    Arbitrary<byte[]> key =
        Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x7f, (byte) 0x80, (byte) 0xff)
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(3);
    Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
    Arbitrary<Op> put = Combinators.combine(keyspace, key, value).as(Put::new);
    Arbitrary<Op> delete = Combinators.combine(keyspace, key).as(Delete::new);
    Arbitrary<Op> batch =
        Arbitraries.oneOf(put, delete).list().ofMinSize(1).ofMaxSize(6).map(Batch::new);
    return Arbitraries.frequencyOf(
            Tuple.of(6, put),
            Tuple.of(3, delete),
            Tuple.of(2, batch),
            Tuple.of(1, Arbitraries.just(new TakeSnapshot())),
            Tuple.of(1, Arbitraries.just(new Reopen())))
        .list()
        .ofMaxSize(40);
  }

  private void verifyAndClose(List<SnapshotAndModel> snapshots) {
    for (SnapshotAndModel s : snapshots) {
      for (String keyspace : KEYSPACES) {
        assertMatches(s.snapshot().keyspace(keyspace), s.model().keyspace(keyspace));
      }
      s.snapshot().close();
    }
    snapshots.clear();
  }

  private static void assertMatches(ReadableKeyspace actual, NavigableMap<byte[], byte[]> model) {
    for (byte[] from : BOUNDS) {
      for (byte[] to : BOUNDS) {
        assertThat(drain(actual.range(from, to)))
            .as("range %s..%s of %s", show(from), show(to), actual.name())
            .containsExactlyElementsOf(expectedRange(model, from, to));
      }
      if (from != null) {
        assertThat(drain(actual.prefix(from)))
            .as("prefix %s of %s", show(from), actual.name())
            .containsExactlyElementsOf(expectedRange(model, from, KeyRanges.prefixEnd(from)));
      }
    }
    for (Map.Entry<byte[], byte[]> entry : model.entrySet()) {
      assertThat(actual.get(entry.getKey()))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(entry.getValue()));
    }
  }

  private static List<KeyValue> expectedRange(
      NavigableMap<byte[], byte[]> model, byte[] from, byte[] to) {
    if (from != null && to != null && KeyRanges.compare(from, to) >= 0) {
      return List.of();
    }
    NavigableMap<byte[], byte[]> view = model;
    if (from != null) {
      view = view.tailMap(from, true);
    }
    if (to != null) {
      view = view.headMap(to, false);
    }
    return view.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
  }

  private static String show(byte[] bound) {
    return bound == null ? "open" : TckSupport.hex(bound);
  }

  private record SnapshotAndModel(StorageSnapshot snapshot, Model model) {}

  /** The reference: one sorted map per keyspace. */
  static final class Model {
    private final Map<String, NavigableMap<byte[], byte[]>> keyspaces = new HashMap<>();

    NavigableMap<byte[], byte[]> keyspace(String name) {
      return keyspaces.computeIfAbsent(name, n -> new TreeMap<>(KeyRanges::compare));
    }

    Model copy() {
      Model copy = new Model();
      keyspaces.forEach((name, map) -> copy.keyspace(name).putAll(map));
      return copy;
    }
  }

  /** One generated step. */
  interface Op {
    default WriteBatch toBatch(WriteBatch batch) {
      return batch;
    }

    default void applyTo(Model model) {}

    default void applyTo(StorageEngine store) {}
  }

  record Put(String keyspace, byte[] key, byte[] value) implements Op {
    @Override
    public WriteBatch toBatch(WriteBatch batch) {
      return batch.put(keyspace, key, value);
    }

    @Override
    public void applyTo(Model model) {
      model.keyspace(keyspace).put(key, value);
    }

    @Override
    public void applyTo(StorageEngine store) {
      store.keyspace(keyspace).put(key, value);
    }

    @Override
    public String toString() {
      return "put(" + keyspace + ", " + TckSupport.hex(key) + ", " + TckSupport.hex(value) + ")";
    }
  }

  record Delete(String keyspace, byte[] key) implements Op {
    @Override
    public WriteBatch toBatch(WriteBatch batch) {
      return batch.delete(keyspace, key);
    }

    @Override
    public void applyTo(Model model) {
      model.keyspace(keyspace).remove(key);
    }

    @Override
    public void applyTo(StorageEngine store) {
      store.keyspace(keyspace).delete(key);
    }

    @Override
    public String toString() {
      return "delete(" + keyspace + ", " + TckSupport.hex(key) + ")";
    }
  }

  record Batch(List<Op> ops) implements Op {
    @Override
    public WriteBatch toBatch(WriteBatch batch) {
      ops.forEach(op -> op.toBatch(batch));
      return batch;
    }

    @Override
    public void applyTo(Model model) {
      ops.forEach(op -> op.applyTo(model));
    }

    @Override
    public void applyTo(StorageEngine store) {
      store.write(toBatch(new WriteBatch()));
    }
  }

  record TakeSnapshot() implements Op {}

  record Reopen() implements Op {}
}
