package dev.mero4j.storage.api;

/** A key, keyspace name or value the engine refuses (empty, too large, bad characters). */
public class InvalidEntryException extends StorageException {
  private static final long serialVersionUID = 1L;

  public InvalidEntryException(String message) {
    super(message);
  }

  public InvalidEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
