package dev.mero4j.storage.api;

/** An operation on an engine, cursor or snapshot that was already closed. */
public class StorageClosedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageClosedException(String message) {
    super(message);
  }

  public StorageClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
