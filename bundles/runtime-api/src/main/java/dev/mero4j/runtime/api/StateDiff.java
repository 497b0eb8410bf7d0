package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import java.util.List;
import java.util.Map;

/**
 * What changed between the states at two deltas of one context, per collection (a root field of the
 * app's state). Entry keys and values are rendered as text: UTF-8 when they decode, {@code
 * 0x}-prefixed hex otherwise; nested collections appear as {@code outer/inner} paths.
 *
 * @param truncated whether more changes exist than were listed (the limit was reached)
 */
public record StateDiff(
    DeltaId from, DeltaId to, Map<String, CollectionDiff> collections, boolean truncated) {
  public StateDiff {
    collections = Map.copyOf(collections);
  }

  /** The changes inside one collection. */
  public record CollectionDiff(List<Entry> added, List<Entry> removed, List<Change> changed) {
    public CollectionDiff {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      changed = List.copyOf(changed);
    }
  }

  /** An entry present on one side only. */
  public record Entry(String key, String value) {}

  /** An entry whose value differs. */
  public record Change(String key, String before, String after) {}
}
