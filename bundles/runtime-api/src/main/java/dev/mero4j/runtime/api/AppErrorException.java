package dev.mero4j.runtime.api;

/** The application returned its own error value; all writes of the call were discarded. */
public class AppErrorException extends RuntimeApiException {
  private static final long serialVersionUID = 1L;

  private final String errorJson;

  public AppErrorException(String errorJson) {
    super("application error: " + errorJson);
    this.errorJson = errorJson;
  }

  /** The application's error value as JSON text. */
  public String errorJson() {
    return errorJson;
  }
}
