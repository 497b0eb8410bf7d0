package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyRanges;
import java.util.Collections;
import java.util.NavigableMap;

/** Turns {@code from..to} bounds, either of which may be open, into a sorted map view. */
final class RangeViews {
  private RangeViews() {}

  /** Keys {@code >= from} (or {@code > from} when not inclusive) and {@code < to}; null is open. */
  static <V> NavigableMap<byte[], V> view(
      NavigableMap<byte[], V> map, byte[] from, boolean inclusive, byte[] to) {
    if (from != null && to != null) {
      return KeyRanges.compare(from, to) >= 0
          ? Collections.emptyNavigableMap()
          : map.subMap(from, inclusive, to, false);
    }
    if (from != null) {
      return map.tailMap(from, inclusive);
    }
    return to != null ? map.headMap(to, false) : map;
  }
}
