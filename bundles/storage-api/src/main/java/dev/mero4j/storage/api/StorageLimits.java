package dev.mero4j.storage.api;

import java.util.regex.Pattern;

/** Limits every storage engine enforces, so that apps behave the same on every provider. */
public final class StorageLimits {
  /** Largest key; keeps index pages small in every engine. */
  public static final int MAX_KEY_BYTES = 4 * 1024;

  /** Largest value; larger payloads belong in blobs, not in the state store. */
  public static final int MAX_VALUE_BYTES = 16 * 1024 * 1024;

  /** Allowed keyspace names; they become file or map names inside engines. */
  public static final Pattern KEYSPACE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private StorageLimits() {}

  public static void checkKeyspace(String name) {
    if (name == null || !KEYSPACE_NAME.matcher(name).matches()) {
      throw new InvalidEntryException(
          "invalid keyspace name '" + name + "': use 1-64 of [a-z0-9._-]");
    }
  }

  public static void checkKey(byte[] key) {
    if (key == null || key.length == 0 || key.length > MAX_KEY_BYTES) {
      throw new InvalidEntryException(
          "key must have 1.."
              + MAX_KEY_BYTES
              + " bytes, got "
              + (key == null ? "null" : key.length));
    }
  }

  public static void checkValue(byte[] value) {
    if (value == null || value.length > MAX_VALUE_BYTES) {
      throw new InvalidEntryException(
          "value must have 0.."
              + MAX_VALUE_BYTES
              + " bytes, got "
              + (value == null ? "null" : value.length));
    }
  }
}
