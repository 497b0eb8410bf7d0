package dev.mero4j.dag;

/** Root of the DAG's own errors; invalid deltas raise the state engine's typed exceptions. */
public class DagException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DagException(String message) {
    super(message);
  }

  public DagException(String message, Throwable cause) {
    super(message, cause);
  }
}
