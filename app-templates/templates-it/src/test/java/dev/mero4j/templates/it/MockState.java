package dev.mero4j.templates.it;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * In-memory collections of one context, as the host ABI v1 describes them (a single replica, no
 * merging).
 */
final class MockState {
  static final int UNORDERED_MAP = 1;
  static final int UNORDERED_SET = 2;
  static final int VECTOR = 3;
  static final int G_COUNTER = 4;
  static final int PN_COUNTER = 5;
  static final int LWW_REGISTER = 6;
  static final int RGA_TEXT = 7;
  static final int SORTED_MAP = 8;
  static final int SORTED_SET = 9;
  static final int USER_STORAGE = 10;
  static final int FROZEN_STORAGE = 11;

  /** One collection: maps and sets use {@code entries} (a set's values map to empty arrays). */
  static final class Entity {
    final int kind;
    final TreeMap<Bytes, byte[]> entries = new TreeMap<>();
    final List<byte[]> elements = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    long counter;
    byte[] register;

    Entity(int kind) {
      this.kind = kind;
    }

    int textLength() {
      return text.codePointCount(0, text.length());
    }

    int textOffset(long codePoint) {
      return text.offsetByCodePoints(0, Math.toIntExact(codePoint));
    }
  }

  /** Byte strings ordered as unsigned bytes. */
  record Bytes(byte[] value) implements Comparable<Bytes> {
    @Override
    public int compareTo(Bytes other) {
      return Arrays.compareUnsigned(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }
  }

  private final Map<Bytes, Entity> entities = new HashMap<>();

  /**
   * The id of the collection `key` under `parent` (roots: parent of zeros), created with `kind` on
   * first use.
   */
  byte[] child(byte[] parent, byte[] key, int kind) {
    byte[] id = sha256(parent, ByteBuffer.allocate(4).putInt(kind).array(), key);
    Entity existing = entities.computeIfAbsent(new Bytes(id), k -> new Entity(kind));
    if (existing.kind != kind) {
      throw new IllegalStateException("kind mismatch: " + existing.kind + " != " + kind);
    }
    return id;
  }

  Entity entity(byte[] id) {
    Entity entity = entities.get(new Bytes(id));
    if (entity == null) {
      throw new IllegalStateException("unknown entity");
    }
    return entity;
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ABI's list encoding: items of {@code u32 little-endian length ‖ bytes}. */
  static byte[] list(List<byte[]> items) {
    int size = items.stream().mapToInt(i -> 4 + i.length).sum();
    ByteBuffer out = ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    items.forEach(i -> out.putInt(i.length).put(i));
    return out.array();
  }
}
