package dev.mero4j.storage.tck;

import static dev.mero4j.storage.tck.TckSupport.bytes;
import static dev.mero4j.storage.tck.TckSupport.drain;
import static dev.mero4j.storage.tck.TckSupport.keys;
import static dev.mero4j.storage.tck.TckSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mero4j.storage.api.InvalidEntryException;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageClosedException;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.StorageLockedException;
import dev.mero4j.storage.api.StorageSnapshot;
import dev.mero4j.storage.api.WriteBatch;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/**
 * The storage contract. A provider's test subclasses it and supplies {@link #provider()} (and
 * {@link #durable()} = false for engines that keep nothing across {@code open}).
 */
public abstract class StorageEngineContractTest extends StorageSnapshotContract {

  @Test
  void putThenGetReturnsTheValue() {
    Keyspace ks = engine.keyspace("data");
    ks.put(utf8("k"), utf8("v"));
    assertThat(ks.get(utf8("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v")));
    assertThat(ks.get(utf8("absent"))).isEmpty();
    assertThat(ks.name()).isEqualTo("data");
  }

  @Test
  void putOverwritesAndDeleteRemoves() {
    Keyspace ks = engine.keyspace("data");
    ks.put(utf8("k"), utf8("v1"));
    ks.put(utf8("k"), utf8("v2"));
    assertThat(ks.get(utf8("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v2")));
    ks.delete(utf8("k"));
    assertThat(ks.get(utf8("k"))).isEmpty();
    ks.delete(utf8("never-written"));
    assertThat(drain(ks.range(null, null))).isEmpty();
  }

  @Test
  void emptyValueIsStoredAndDistinctFromAbsent() {
    Keyspace ks = engine.keyspace("data");
    ks.put(utf8("k"), new byte[0]);
    assertThat(ks.get(utf8("k"))).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(drain(ks.range(null, null))).containsExactly(kv(utf8("k"), new byte[0]));
  }

  @Test
  void callersCannotChangeStoredBytesThroughTheirArrays() {
    Keyspace ks = engine.keyspace("data");
    byte[] key = utf8("k");
    byte[] value = utf8("v");
    ks.put(key, value);
    key[0] = 'x';
    value[0] = 'x';
    byte[] read = ks.get(utf8("k")).orElseThrow();
    read[0] = 'y';
    assertThat(ks.get(utf8("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("v")));
  }

  @Test
  void keyspacesAreIsolatedAndListed() {
    engine.keyspace("alpha").put(utf8("k"), utf8("a"));
    engine.keyspace("beta").put(utf8("k"), utf8("b"));
    engine.keyspace("empty");
    assertThat(engine.keyspace("alpha").get(utf8("k")))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("a")));
    assertThat(engine.keyspace("beta").get(utf8("k")))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("b")));
    assertThat(engine.keyspaces()).contains("alpha", "beta", "empty");
    engine.keyspace("alpha").delete(utf8("k"));
    assertThat(engine.keyspace("beta").get(utf8("k"))).isPresent();
  }

  @Test
  void invalidKeyspaceNamesAreRejected() {
    for (String name : new String[] {"", "Upper", "has space", "-lead", "x".repeat(65), "a/b"}) {
      assertThatThrownBy(() -> engine.keyspace(name))
          .as(name)
          .isInstanceOf(InvalidEntryException.class);
    }
    assertThatThrownBy(() -> engine.keyspace(null)).isInstanceOf(InvalidEntryException.class);
  }

  @Test
  void keysOrderAsUnsignedBytes() {
    Keyspace ks = engine.keyspace("data");
    for (byte[] key :
        new byte[][] {
          bytes(0xff),
          bytes(0x80),
          bytes(0x7f),
          bytes(0x00),
          bytes(0x7f, 0xff),
          bytes(0x80, 0x00),
          bytes(0xff, 0xff),
          bytes(0x01)
        }) {
      ks.put(key, bytes(1));
    }
    assertThat(keys(ks.range(null, null)))
        .containsExactly("00", "01", "7f", "7fff", "80", "8000", "ff", "ffff");
  }

  @Test
  void rangeIncludesFromExcludesToAndAcceptsOpenBounds() {
    Keyspace ks = engine.keyspace("data");
    for (int k : new int[] {0x01, 0x02, 0x7f, 0x80, 0x81, 0xff}) {
      ks.put(bytes(k), bytes(k));
    }
    assertThat(keys(ks.range(bytes(0x02), bytes(0x81)))).containsExactly("02", "7f", "80");
    assertThat(keys(ks.range(bytes(0x7f), null))).containsExactly("7f", "80", "81", "ff");
    assertThat(keys(ks.range(null, bytes(0x7f)))).containsExactly("01", "02");
    assertThat(keys(ks.range(bytes(0x03), bytes(0x7f)))).isEmpty();
    assertThat(keys(ks.range(bytes(0x80), bytes(0x80)))).isEmpty();
    assertThat(keys(ks.range(bytes(0x81), bytes(0x02)))).isEmpty();
    assertThat(keys(ks.range(bytes(0x80, 0x00), bytes(0xff, 0x00)))).containsExactly("81", "ff");
  }

  @Test
  void prefixScansReturnOnlyMatchingKeysIncluding0xFfPrefixes() {
    Keyspace ks = engine.keyspace("data");
    for (byte[] key :
        new byte[][] {
          bytes(0x61),
          bytes(0x61, 0x00),
          bytes(0x61, 0xff),
          bytes(0x62),
          bytes(0xfe, 0xff),
          bytes(0xff),
          bytes(0xff, 0x00),
          bytes(0xff, 0xff),
          bytes(0xff, 0xff, 0x01)
        }) {
      ks.put(key, bytes(0));
    }
    assertThat(keys(ks.prefix(bytes(0x61)))).containsExactly("61", "6100", "61ff");
    assertThat(keys(ks.prefix(bytes(0xff)))).containsExactly("ff", "ff00", "ffff", "ffff01");
    assertThat(keys(ks.prefix(bytes(0xff, 0xff)))).containsExactly("ffff", "ffff01");
    assertThat(keys(ks.prefix(bytes(0xfe)))).containsExactly("feff");
    assertThat(keys(ks.prefix(bytes(0x63)))).isEmpty();
  }

  @Test
  void cursorSignalsExhaustionWithNoSuchElement() {
    engine.keyspace("data").put(bytes(1), bytes(1));
    try (KeyValueCursor cursor = engine.keyspace("data").range(null, null)) {
      assertThat(cursor.hasNext()).isTrue();
      cursor.next();
      assertThat(cursor.hasNext()).isFalse();
      assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void writeBatchAppliesAcrossKeyspacesInOrder() {
    engine.keyspace("a").put(bytes(9), bytes(9));
    engine.write(
        new WriteBatch()
            .put("a", bytes(1), bytes(1))
            .put("b", bytes(2), bytes(2))
            .delete("a", bytes(9))
            .put("a", bytes(3), bytes(3))
            .delete("a", bytes(3))
            .delete("b", bytes(4))
            .put("b", bytes(4), bytes(4)));
    assertThat(keys(engine.keyspace("a").range(null, null))).containsExactly("01");
    assertThat(keys(engine.keyspace("b").range(null, null))).containsExactly("02", "04");
    engine.write(new WriteBatch());
    assertThat(engine.keyspaces()).contains("a", "b");
  }

  @Test
  void writeBatchIsAllOrNothingWhenItsLastOperationIsInvalid() {
    engine.keyspace("a").put(bytes(1), utf8("before"));
    WriteBatch badKeyspace =
        new WriteBatch()
            .put("a", bytes(1), utf8("after"))
            .put("fresh", bytes(2), bytes(2))
            .delete("a", bytes(1))
            .put("Not Valid", bytes(3), bytes(3));
    WriteBatch badKey =
        new WriteBatch()
            .put("a", bytes(1), utf8("after"))
            .put("a", new byte[StorageLimits.MAX_KEY_BYTES + 1], bytes(1));
    WriteBatch emptyKey = new WriteBatch().put("b", bytes(1), bytes(1)).delete("a", new byte[0]);

    for (WriteBatch batch : new WriteBatch[] {badKeyspace, badKey, emptyKey}) {
      assertThatThrownBy(() -> engine.write(batch)).isInstanceOf(InvalidEntryException.class);
      assertThat(engine.keyspace("a").get(bytes(1)))
          .hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("before")));
      assertThat(engine.keyspaces()).doesNotContain("fresh", "b");
    }
    if (durable()) {
      reopen();
      assertThat(drain(engine.keyspace("a").range(null, null)))
          .containsExactly(kv(bytes(1), utf8("before")));
      assertThat(engine.keyspaces()).doesNotContain("fresh", "b");
    }
  }

  @Test
  void limitsAreEnforcedWithInvalidEntryException() {
    Keyspace ks = engine.keyspace("data");
    assertThatThrownBy(() -> ks.put(new byte[0], bytes(1)))
        .isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.put(null, bytes(1))).isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.put(bytes(1), null)).isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.put(new byte[StorageLimits.MAX_KEY_BYTES + 1], bytes(1)))
        .isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.put(bytes(1), new byte[StorageLimits.MAX_VALUE_BYTES + 1]))
        .isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.get(new byte[0])).isInstanceOf(InvalidEntryException.class);
    assertThatThrownBy(() -> ks.delete(new byte[StorageLimits.MAX_KEY_BYTES + 1]))
        .isInstanceOf(InvalidEntryException.class);

    byte[] maxKey = new byte[StorageLimits.MAX_KEY_BYTES];
    maxKey[0] = 7;
    byte[] bigValue = new byte[1024 * 1024];
    bigValue[bigValue.length - 1] = 42;
    ks.put(maxKey, bigValue);
    assertThat(ks.get(maxKey)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bigValue));
  }

  @Test
  void closedEngineRejectsEveryOperation() {
    Keyspace ks = engine.keyspace("data");
    ks.put(bytes(1), bytes(1));
    engine.close();
    engine.close();
    assertThatThrownBy(() -> engine.keyspace("data")).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(engine::keyspaces).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(engine::snapshot).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> engine.write(new WriteBatch().put("data", bytes(2), bytes(2))))
        .isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> ks.get(bytes(1))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> ks.put(bytes(1), bytes(1))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> ks.delete(bytes(1))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> drain(ks.range(null, null)))
        .isInstanceOf(StorageClosedException.class);
  }

  @Test
  void closedCursorsAndSnapshotsRejectReads() {
    Keyspace ks = engine.keyspace("data");
    ks.put(bytes(1), bytes(1));
    ks.put(bytes(2), bytes(2));
    KeyValueCursor cursor = ks.range(null, null);
    cursor.next();
    cursor.close();
    assertThatThrownBy(cursor::hasNext).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(cursor::next).isInstanceOf(StorageClosedException.class);

    StorageSnapshot snapshot = engine.snapshot();
    KeyValueCursor snapshotCursor = snapshot.keyspace("data").range(null, null);
    var view = snapshot.keyspace("data");
    snapshot.close();
    snapshot.close();
    assertThatThrownBy(() -> snapshot.keyspace("data")).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> view.get(bytes(1))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> drain(snapshotCursor)).isInstanceOf(StorageClosedException.class);

    KeyValueCursor live = ks.range(null, null);
    engine.close();
    assertThatThrownBy(() -> drain(live)).isInstanceOf(StorageClosedException.class);
  }

  @Test
  void aWriteOnAnInterruptedThreadCommitsAndTheThreadStaysInterrupted() {
    engine.keyspace("data");
    // An executor shut down with shutdownNow() interrupts its threads in the middle of any task.
    Thread.currentThread().interrupt();
    try {
      engine.write(
          new WriteBatch().put("data", bytes(1), utf8("x")).put("new", bytes(2), utf8("y")));
      engine.keyspace("data").put(bytes(3), utf8("z"));
      assertThat(Thread.currentThread().isInterrupted())
          .as("the interrupt is kept for the caller")
          .isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(keys(engine.keyspace("data").range(null, null))).containsExactly("01", "03");
    engine.keyspace("data").put(bytes(4), utf8("w"));
    if (durable()) {
      reopen();
    }
    assertThat(keys(engine.keyspace("data").range(null, null))).containsExactly("01", "03", "04");
    assertThat(keys(engine.keyspace("new").range(null, null))).containsExactly("02");
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    assumeTrue(durable(), "provider is not durable");
    engine.keyspace("a").put(bytes(0x80), utf8("x"));
    engine.keyspace("a").put(bytes(0x7f), utf8("y"));
    engine.write(new WriteBatch().put("b", bytes(1), new byte[0]).delete("a", bytes(0x7f)));
    engine.keyspace("empty");
    reopen();
    assertThat(engine.keyspaces()).contains("a", "b", "empty");
    assertThat(drain(engine.keyspace("a").range(null, null)))
        .containsExactly(kv(bytes(0x80), utf8("x")));
    assertThat(drain(engine.keyspace("b").range(null, null)))
        .containsExactly(kv(bytes(1), new byte[0]));
    engine.keyspace("a").put(bytes(0x81), utf8("z"));
    reopen();
    assertThat(keys(engine.keyspace("a").range(null, null))).containsExactly("80", "81");
  }

  @Test
  void secondOpenOfAnOpenDirectoryIsLocked() {
    assumeTrue(durable(), "provider keeps no files");
    assertThatThrownBy(() -> open(directory)).isInstanceOf(StorageLockedException.class);
    engine.keyspace("a").put(bytes(1), bytes(1));
    assertThat(engine.keyspace("a").get(bytes(1))).isPresent();
  }
}
