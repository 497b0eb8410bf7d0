package dev.mero4j.storage.rocksdb.internal;

/** A native object owned by a store or snapshot, released with its owner at the latest. */
interface NativeResource {
  /** Frees the native object; idempotent; called by the owner, which holds its guard. */
  void release();
}
