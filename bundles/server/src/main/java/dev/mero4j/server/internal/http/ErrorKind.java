package dev.mero4j.server.internal.http;

/**
 * Every error a client can see, with its JSON-RPC code, HTTP status and Calimero-style type pair.
 *
 * <p>{@code type} is Calimero's error family (ServerError, SerdeError, FunctionCallError,
 * ExecuteError, plus AuthError); {@code detail} is the variant, sent as {@code data.type}.
 */
public enum ErrorKind {
  PARSE_ERROR(-32700, 400, "ServerError", "ParseError"),
  INVALID_REQUEST(-32600, 400, "ServerError", "InvalidRequest"),
  METHOD_NOT_FOUND(-32601, 404, "ServerError", "MethodNotFound"),
  INVALID_PARAMS(-32602, 400, "SerdeError", "InvalidParams"),
  INTERNAL(-32603, 500, "ServerError", "InternalError"),
  CONTEXT_NOT_FOUND(-32001, 404, "ExecuteError", "ContextNotFound"),
  APPLICATION_NOT_FOUND(-32002, 404, "ExecuteError", "ApplicationNotFound"),
  APP_METHOD_NOT_FOUND(-32003, 404, "FunctionCallError", "MethodNotFound"),
  INVALID_ARGUMENTS(-32004, 400, "FunctionCallError", "InvalidArguments"),
  APP_ERROR(-32005, 422, "FunctionCallError", "AppError"),
  EXECUTION_FAILED(-32006, 422, "FunctionCallError", "ExecutionFailed"),
  LIMIT_EXCEEDED(-32007, 413, "ExecuteError", "LimitExceeded"),
  UNAUTHORIZED(-32008, 403, "ExecuteError", "Unauthorized"),
  APPLICATION_IN_USE(-32009, 409, "ExecuteError", "ApplicationInUse"),
  INVALID_APPLICATION(-32010, 400, "ExecuteError", "InvalidApplication"),
  UNAUTHENTICATED(-32011, 401, "AuthError", "Unauthenticated"),
  FORBIDDEN(-32012, 403, "AuthError", "Forbidden"),
  RATE_LIMITED(-32013, 429, "AuthError", "RateLimited"),
  NOT_FOUND(-32014, 404, "ServerError", "NotFound"),
  METHOD_NOT_ALLOWED(-32015, 405, "ServerError", "MethodNotAllowed"),
  UNAVAILABLE(-32016, 503, "ServerError", "Unavailable"),
  NOT_ACCEPTABLE(-32017, 406, "ServerError", "NotAcceptable"),
  INVITATION_REFUSED(-32018, 400, "ExecuteError", "InvitationRefused"),
  MEMBER_NOT_FOUND(-32019, 404, "ExecuteError", "MemberNotFound"),
  UNSUPPORTED_MEDIA_TYPE(-32020, 415, "ServerError", "UnsupportedMediaType"),
  MISDIRECTED_REQUEST(-32021, 421, "ServerError", "MisdirectedRequest"),
  PROVIDER_CONFLICT(-32025, 409, "ServerError", "ProviderConflict"),
  DELTA_NOT_FOUND(-32030, 404, "ExecuteError", "DeltaNotFound"),
  READ_ONLY_REQUIRED(-32031, 400, "FunctionCallError", "ReadOnlyRequired"),
  HISTORY_UNAVAILABLE(-32032, 410, "ExecuteError", "HistoryUnavailable"),
  NOT_SUPPORTED(-32033, 501, "ServerError", "NotSupported"),
  PATH_NOT_FOUND(-32034, 404, "ExecuteError", "PathNotFound"),
  BLOB_NOT_FOUND(-32040, 404, "BlobError", "BlobNotFound"),
  BLOB_TOO_LARGE(-32041, 413, "BlobError", "BlobTooLarge"),
  BLOB_CORRUPT(-32042, 500, "BlobError", "BlobCorrupt"),
  RANGE_NOT_SATISFIABLE(-32043, 416, "BlobError", "RangeNotSatisfiable");

  private final int code;
  private final int httpStatus;
  private final String type;
  private final String detail;

  ErrorKind(int code, int httpStatus, String type, String detail) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.type = type;
    this.detail = detail;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String type() {
    return type;
  }

  public String detail() {
    return detail;
  }
}
