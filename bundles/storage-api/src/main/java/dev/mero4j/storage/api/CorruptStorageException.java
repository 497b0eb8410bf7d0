package dev.mero4j.storage.api;

/** Files that exist but cannot be read as a store: truncated, overwritten or of another format. */
public class CorruptStorageException extends StorageException {
  private static final long serialVersionUID = 1L;

  public CorruptStorageException(String message) {
    super(message);
  }

  public CorruptStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
