package dev.mero4j.crdt;

import java.util.Arrays;

/** The kind of CRDT an entity holds; the tag is part of the wire format and of every hash. */
public enum CrdtType {
  /** A placeholder entry that only carries a tombstone. */
  NONE(0),
  LWW_REGISTER(1),
  G_COUNTER(2),
  PN_COUNTER(3),
  UNORDERED_MAP(4),
  UNORDERED_SET(5),
  SORTED_MAP(6),
  SORTED_SET(7),
  VECTOR(8),
  RGA(9),
  USER_STORAGE(10),
  FROZEN_STORAGE(11);

  private static final CrdtType[] BY_TAG = new CrdtType[12];

  static {
    Arrays.stream(values()).forEach(t -> BY_TAG[t.tag] = t);
  }

  private final int tag;

  CrdtType(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  /** The type with {@code tag}. */
  public static CrdtType ofTag(int tag) {
    if (tag < 0 || tag >= BY_TAG.length) {
      throw new MalformedDeltaException("unknown CRDT type tag " + tag);
    }
    return BY_TAG[tag];
  }

  /** Whether entries are keyed children (maps, sets, user and frozen storage). */
  public boolean isKeyed() {
    return switch (this) {
      case UNORDERED_MAP, UNORDERED_SET, SORTED_MAP, SORTED_SET, USER_STORAGE, FROZEN_STORAGE ->
          true;
      default -> false;
    };
  }

  /** Whether keys iterate in unsigned byte order and support range, prefix and paging. */
  public boolean isSorted() {
    return this == SORTED_MAP || this == SORTED_SET;
  }

  /** Whether the entity can be created as a collection under a key. */
  public boolean isCollection() {
    return this != NONE && this != LWW_REGISTER;
  }
}
