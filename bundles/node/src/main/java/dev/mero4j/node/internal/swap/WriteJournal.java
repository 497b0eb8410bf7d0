package dev.mero4j.node.internal.swap;

import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes made while a store is copied, in commit order: buffered while the copy runs, then
 * (once the buffer is caught up) mirrored to the target as they happen. Writing to the source and
 * recording the write is one step, so the recorded order is the order the source applied them.
 */
final class WriteJournal {
  /**
   * Writes buffered before the journal gives up: a store written faster than it can be copied would
   * otherwise grow the heap without bound (a kv-store set is 2–3 small batches).
   */
  static final int MAX_BUFFERED = 1_000_000;

  private final StorageEngine target;
  private List<WriteBatch> buffered = new ArrayList<>();
  private boolean mirroring;
  private StorageException failure;
  private boolean overflowed;

  WriteJournal(StorageEngine target) {
    this.target = target;
  }

  /**
   * Writes {@code batch} to {@code source} and records it; a failure of the target never fails the
   * caller.
   */
  synchronized void write(StorageEngine source, WriteBatch batch) {
    source.write(batch);
    if (failure != null) {
      return;
    }
    if (mirroring) {
      try {
        target.write(batch);
      } catch (StorageException e) {
        failure = e;
      }
    } else if (buffered.size() < MAX_BUFFERED) {
      buffered.add(batch);
    } else {
      overflowed = true;
      buffered = new ArrayList<>();
      failure =
          new StorageException(
              "more than " + MAX_BUFFERED + " writes arrived while the store was copied");
    }
  }

  /** The writes buffered so far, removed from the journal, oldest first. */
  synchronized List<WriteBatch> drain() {
    List<WriteBatch> out = buffered;
    buffered = new ArrayList<>();
    return out;
  }

  /** Applies what is still buffered and mirrors every later write; writers wait meanwhile. */
  synchronized int startMirroring() {
    List<WriteBatch> rest = drain();
    rest.forEach(target::write);
    mirroring = true;
    return rest.size();
  }

  /** Whether the buffer overflowed; the journal no longer holds every write. */
  synchronized boolean overflowed() {
    return overflowed;
  }

  /**
   * The failure of a mirrored write to the target, or an overflow, if any (the migration must then
   * roll back).
   */
  synchronized StorageException failure() {
    return failure;
  }
}
