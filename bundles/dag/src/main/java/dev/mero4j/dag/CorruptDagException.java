package dev.mero4j.dag;

/** Persisted DAG records that do not decode or do not replay. */
public class CorruptDagException extends DagException {
  private static final long serialVersionUID = 1L;

  public CorruptDagException(String message, Throwable cause) {
    super(message, cause);
  }
}
