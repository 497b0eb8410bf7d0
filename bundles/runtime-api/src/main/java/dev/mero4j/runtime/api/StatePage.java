package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One page of a context's state as the state browser shows it (docs/time-travel.md). At the root
 * ({@code path} empty) the entries are the app's top-level fields; below it, the entries of the
 * collection at {@code path}. Keys and values are text: UTF-8 when they decode, {@code 0x}-prefixed
 * hex otherwise.
 *
 * @param at the delta whose state is shown; empty for the live state
 * @param type the CRDT type of the collection at {@code path}; empty at the root
 * @param next the cursor of the next page; empty on the last page
 */
public record StatePage(
    ContextId context,
    Optional<DeltaId> at,
    String path,
    Optional<String> type,
    List<Entry> entries,
    Optional<String> next) {
  public StatePage {
    entries = List.copyOf(entries);
  }

  /**
   * One entry with the metadata the CRDT keeps for it.
   *
   * @param type the CRDT type name ({@code NONE} for a removal-only placeholder)
   * @param value registers: the value; counters: the number; text: the characters; collections:
   *     empty
   * @param author the member whose write set the entry (for a deleted entry: removed it), when the
   *     CRDT keeps one
   * @param hlc that write's hybrid-clock stamp as decimal text, when kept
   * @param deleted whether the entry is removed (its tombstone not collected yet)
   * @param size entries of a nested collection (characters of a text); empty for registers and
   *     counters
   */
  public record Entry(
      String key,
      String type,
      Optional<String> value,
      Optional<PublicKey> author,
      Optional<String> hlc,
      boolean deleted,
      OptionalInt size) {}
}
