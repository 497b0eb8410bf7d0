package dev.mero4j.storage.api;

/** The store is already open, in this process or another. */
public class StorageLockedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageLockedException(String message) {
    super(message);
  }

  public StorageLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
