package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ApplicationInUseException;
import dev.mero4j.runtime.api.BlobTooLargeException;
import dev.mero4j.runtime.api.CorruptBlobException;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.HistoryUnavailableException;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MethodNotFoundException;
import dev.mero4j.runtime.api.NotSupportedException;
import dev.mero4j.runtime.api.ReadOnlyRequiredException;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownApplicationException;
import dev.mero4j.runtime.api.UnknownBlobException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.runtime.api.UnknownDeltaException;
import dev.mero4j.runtime.api.UnknownMemberException;
import dev.mero4j.runtime.api.UnknownPathException;
import dev.mero4j.server.PeerConnectionException;
import dev.mero4j.server.ProviderAdminException;
import dev.mero4j.server.ProviderConflictException;
import dev.mero4j.server.ProviderRequestException;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.Optional;

/** Maps every exception type to the error clients see; the only place that does so. */
public final class ErrorMapper {
  private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

  private ErrorMapper() {}

  public static ApiError map(Throwable failure) {
    if (failure instanceof ApiException e) {
      return new ApiError(e.kind(), e.getMessage(), e.details(), Optional.empty());
    }
    if (failure instanceof AppErrorException e) {
      return Json.parseAppValue(e.errorJson())
          .map(
              value ->
                  new ApiError(
                      ErrorKind.APP_ERROR,
                      "the application returned an error",
                      Map.of(),
                      Optional.of(value)))
          .orElseGet(
              () ->
                  new ApiError(
                      ErrorKind.EXECUTION_FAILED,
                      "the application returned an error value that is not JSON",
                      Map.of(),
                      Optional.empty()));
    }
    if (failure instanceof InvitationRefusedException e) {
      return new ApiError(
          ErrorKind.INVITATION_REFUSED,
          e.getMessage(),
          Map.of("reason", e.reason().name()),
          Optional.empty());
    }
    if (failure instanceof ProviderAdminException e) {
      ErrorKind kind =
          e instanceof ProviderConflictException
              ? ErrorKind.PROVIDER_CONFLICT
              : e instanceof ProviderRequestException
                  ? ErrorKind.INVALID_PARAMS
                  : ErrorKind.NOT_FOUND;
      return new ApiError(kind, e.getMessage(), Map.of(), Optional.empty());
    }
    if (failure instanceof PeerConnectionException e) {
      ErrorKind kind =
          switch (e.reason()) {
            case INVALID_ADDRESS -> ErrorKind.INVALID_PARAMS;
            case NOT_CONNECTED -> ErrorKind.NOT_FOUND;
            case UNREACHABLE, TIMEOUT, OFFLINE -> ErrorKind.UNAVAILABLE;
          };
      return new ApiError(
          kind, e.getMessage(), Map.of("reason", e.reason().name()), Optional.empty());
    }
    if (failure instanceof RuntimeApiException e) {
      return new ApiError(runtimeKind(e), e.getMessage(), Map.of(), Optional.empty());
    }
    if (failure instanceof PrimitiveException e) {
      return new ApiError(ErrorKind.INVALID_PARAMS, e.getMessage(), Map.of(), Optional.empty());
    }
    if (failure instanceof JacksonException e) {
      return new ApiError(
          ErrorKind.PARSE_ERROR,
          "malformed JSON: " + e.getOriginalMessage(),
          Map.of(),
          Optional.empty());
    }
    if (failure instanceof HttpResponseException e) {
      return new ApiError(httpKind(e.getStatus()), e.getMessage(), Map.of(), Optional.empty());
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure while serving a request", failure);
    return new ApiError(ErrorKind.INTERNAL, "internal error", Map.of(), Optional.empty());
  }

  private static ErrorKind runtimeKind(RuntimeApiException e) {
    if (e instanceof UnknownContextException) {
      return ErrorKind.CONTEXT_NOT_FOUND;
    } else if (e instanceof UnknownApplicationException) {
      return ErrorKind.APPLICATION_NOT_FOUND;
    } else if (e instanceof MethodNotFoundException) {
      return ErrorKind.APP_METHOD_NOT_FOUND;
    } else if (e instanceof InvalidArgumentsException) {
      return ErrorKind.INVALID_ARGUMENTS;
    } else if (e instanceof ExecutionLimitException) {
      return ErrorKind.LIMIT_EXCEEDED;
    } else if (e instanceof UnauthorizedException) {
      return ErrorKind.UNAUTHORIZED;
    } else if (e instanceof ApplicationInUseException) {
      return ErrorKind.APPLICATION_IN_USE;
    } else if (e instanceof InvalidApplicationException) {
      return ErrorKind.INVALID_APPLICATION;
    } else if (e instanceof ExecutionFailedException) {
      return ErrorKind.EXECUTION_FAILED;
    } else if (e instanceof UnknownMemberException) {
      return ErrorKind.MEMBER_NOT_FOUND;
    } else if (e instanceof JoinUnavailableException) {
      return ErrorKind.UNAVAILABLE;
    } else if (e instanceof UnknownDeltaException) {
      return ErrorKind.DELTA_NOT_FOUND;
    } else if (e instanceof ReadOnlyRequiredException) {
      return ErrorKind.READ_ONLY_REQUIRED;
    } else if (e instanceof HistoryUnavailableException) {
      return ErrorKind.HISTORY_UNAVAILABLE;
    } else if (e instanceof NotSupportedException) {
      return ErrorKind.NOT_SUPPORTED;
    } else if (e instanceof UnknownPathException) {
      return ErrorKind.PATH_NOT_FOUND;
    } else if (e instanceof UnknownBlobException) {
      return ErrorKind.BLOB_NOT_FOUND;
    } else if (e instanceof BlobTooLargeException) {
      return ErrorKind.BLOB_TOO_LARGE;
    } else if (e instanceof CorruptBlobException) {
      return ErrorKind.BLOB_CORRUPT;
    }
    return ErrorKind.INTERNAL;
  }

  private static ErrorKind httpKind(int status) {
    return switch (status) {
      case 404 -> ErrorKind.NOT_FOUND;
      case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
      case 413 -> ErrorKind.LIMIT_EXCEEDED;
      case 400 -> ErrorKind.INVALID_REQUEST;
      case 401 -> ErrorKind.UNAUTHENTICATED;
      case 403 -> ErrorKind.FORBIDDEN;
      case 503 -> ErrorKind.UNAVAILABLE;
      default -> status >= 500 ? ErrorKind.INTERNAL : ErrorKind.INVALID_REQUEST;
    };
  }
}
