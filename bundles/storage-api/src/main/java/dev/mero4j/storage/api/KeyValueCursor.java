package dev.mero4j.storage.api;

import java.util.Iterator;

/** An ascending iterator over stored entries that holds resources until closed. */
public interface KeyValueCursor extends Iterator<KeyValue>, AutoCloseable {
  @Override
  void close();
}
