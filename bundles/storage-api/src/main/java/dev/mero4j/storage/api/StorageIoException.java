package dev.mero4j.storage.api;

/** The underlying files could not be read or written (disk full, permissions, I/O error). */
public class StorageIoException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageIoException(String message) {
    super(message);
  }

  public StorageIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
