package dev.mero4j.server.internal.http;

import java.util.Map;

/**
 * A client-visible failure raised by the server itself (bad input, auth, limits), not by the
 * runtime.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient Map<String, Object> details;

  public ApiException(ErrorKind kind, String message) {
    this(kind, message, Map.of());
  }

  public ApiException(ErrorKind kind, String message, Map<String, Object> details) {
    super(message);
    this.kind = kind;
    this.details = Map.copyOf(details);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** Extra fields sent inside {@code data} next to {@code type}. */
  public Map<String, Object> details() {
    return details;
  }

  public static ApiException invalidParams(String field, String message) {
    return new ApiException(ErrorKind.INVALID_PARAMS, message, Map.of("field", field));
  }
}
