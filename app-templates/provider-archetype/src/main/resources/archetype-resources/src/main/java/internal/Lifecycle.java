package ${package}.internal;

import dev.mero4j.storage.api.StorageClosedException;

/** The open/closed state of an engine, snapshot or cursor. */
final class Lifecycle {
  private final String what;
  private volatile boolean closed;

  Lifecycle(String what) {
    this.what = what;
  }

  void check() {
    if (closed) {
      throw new StorageClosedException(what + " is closed");
    }
  }

  /** Marks closed; returns false when it already was. */
  boolean close() {
    boolean wasOpen = !closed;
    closed = true;
    return wasOpen;
  }
}
