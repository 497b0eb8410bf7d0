package dev.mero4j.node.internal.swap;

import dev.mero4j.node.MigrationVerificationException;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageSnapshot;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Compares two stores keyspace by keyspace, entry by entry, in key order. */
final class StoreComparison {
  private StoreComparison() {}

  /**
   * Returns the number of entries compared.
   *
   * @throws MigrationVerificationException at the first entry that is missing, extra or different
   */
  static long compare(
      StorageSnapshot expected,
      StorageSnapshot actual,
      Collection<String> keyspaces,
      LongConsumer progress) {
    long total = 0;
    for (String name : keyspaces) {
      long count = 0;
      try (KeyValueCursor want = expected.keyspace(name).range(null, null);
          KeyValueCursor got = actual.keyspace(name).range(null, null)) {
        while (want.hasNext()) {
          KeyValue w = want.next();
          if (!got.hasNext()) {
            throw new MigrationVerificationException(
                "keyspace "
                    + name
                    + ": the new store ends after "
                    + count
                    + " entries; key "
                    + hex(w.key())
                    + " is missing");
          }
          KeyValue g = got.next();
          if (Arrays.equals(w.key(), g.key()) && !Arrays.equals(w.value(), g.value())) {
            throw new MigrationVerificationException(
                "keyspace "
                    + name
                    + ": key "
                    + hex(w.key())
                    + " has another value in the new store");
          }
          if (!Arrays.equals(w.key(), g.key())) {
            throw new MigrationVerificationException(
                "keyspace "
                    + name
                    + ": entry "
                    + count
                    + " differs (key "
                    + hex(w.key())
                    + " in the live store, "
                    + hex(g.key())
                    + " in the new one)");
          }
          count++;
          progress.accept(1);
        }
        if (got.hasNext()) {
          throw new MigrationVerificationException(
              "keyspace "
                  + name
                  + ": the new store holds more than the "
                  + count
                  + " entries of the live one (first extra key "
                  + hex(got.next().key())
                  + ")");
        }
      }
      total += count;
    }
    return total;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32))
        + (bytes.length > 32 ? "…" : "");
  }
}
