package dev.mero4j.storage.memory.internal;

import dev.mero4j.storage.api.KeyRanges;
import java.util.Collections;
import java.util.NavigableMap;

/** Turns {@code [from, to)} bounds, either of which may be open, into a map view. */
final class Ranges {
  private Ranges() {}

  static NavigableMap<byte[], byte[]> view(
      NavigableMap<byte[], byte[]> map, byte[] from, byte[] to) {
    if (from != null && to != null) {
      return KeyRanges.compare(from, to) >= 0
          ? Collections.emptyNavigableMap()
          : map.subMap(from, true, to, false);
    }
    if (from != null) {
      return map.tailMap(from, true);
    }
    return to != null ? map.headMap(to, false) : map;
  }
}
