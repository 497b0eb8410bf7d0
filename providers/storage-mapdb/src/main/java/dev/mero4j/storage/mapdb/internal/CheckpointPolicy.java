package dev.mero4j.storage.mapdb.internal;

/**
 * When unflushed writes are checkpointed into the B-tree files: in the background once they hold
 * {@code softBytes} or the oldest is {@code maxAgeMillis} old; inline, blocking the writer, once
 * they hold {@code hardBytes}. Overridable with the system properties {@value #SOFT_PROPERTY},
 * {@value #HARD_PROPERTY} and {@value #AGE_PROPERTY} (tests use tiny bounds).
 */
record CheckpointPolicy(long softBytes, long hardBytes, long maxAgeMillis) {
  static final String SOFT_PROPERTY = "mero4j.mapdb.checkpoint.softBytes";
  static final String HARD_PROPERTY = "mero4j.mapdb.checkpoint.hardBytes";
  static final String AGE_PROPERTY = "mero4j.mapdb.checkpoint.maxAgeMillis";

  private static final long DEFAULT_SOFT = 4L << 20;
  private static final long DEFAULT_AGE_MILLIS = 1_000;

  CheckpointPolicy {
    if (softBytes < 0 || hardBytes < softBytes || maxAgeMillis <= 0) {
      throw new IllegalArgumentException(
          "checkpoint bounds need 0 <= soft <= hard and a positive age: "
              + softBytes
              + ", "
              + hardBytes
              + ", "
              + maxAgeMillis);
    }
  }

  static CheckpointPolicy current() {
    long soft = Long.getLong(SOFT_PROPERTY, DEFAULT_SOFT);
    return new CheckpointPolicy(
        soft,
        Long.getLong(HARD_PROPERTY, 4 * soft),
        Long.getLong(AGE_PROPERTY, DEFAULT_AGE_MILLIS));
  }
}
