package dev.mero4j.server.internal.admin;

import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads application bytes from a local path or an http(s) URL, never more than the upload cap and,
 * for a URL, never longer than the download deadline.
 */
final class ApplicationSources {
  /** Time allowed to open the connection of a download. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final int maxBytes;
  private final Duration deadline;
  private final HttpClient http;

  ApplicationSources(int maxBytes, Duration deadline) {
    this.maxBytes = maxBytes;
    this.deadline = deadline;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT.compareTo(deadline) < 0 ? CONNECT_TIMEOUT : deadline)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The bytes of a regular file; a missing, unreadable or special file gets the same answer, so the
   * route tells nothing about paths it cannot install from.
   */
  byte[] fromPath(String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      throw ApiException.invalidParams("path", "invalid path: " + e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw ApiException.invalidParams("path", "'path' must be absolute");
    }
    if (!Files.isRegularFile(path)) {
      throw unreadable(text);
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException | SecurityException e) {
      throw unreadable(text);
    }
  }

  /** Downloads an http(s) URL with a running byte count and one deadline for the whole transfer. */
  byte[] fromUrl(String text) {
    URI uri = httpUri(text);
    CompletableFuture<HttpResponse<byte[]>> download =
        http.sendAsync(
            HttpRequest.newBuilder(uri).timeout(deadline).GET().build(),
            info -> new CappedBody(info, maxBytes));
    try {
      return download.get(deadline.toMillis(), TimeUnit.MILLISECONDS).body();
    } catch (TimeoutException e) {
      download.cancel(true);
      throw ApiException.invalidParams(
          "url", "download took longer than " + deadline.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw downloadFailure(e.getCause());
    } catch (InterruptedException e) {
      download.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorKind.UNAVAILABLE, "interrupted while downloading");
    }
  }

  private static URI httpUri(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw ApiException.invalidParams("url", "invalid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
      throw ApiException.invalidParams("url", "'url' must be an http or https URL with a host");
    }
    return uri;
  }

  private RuntimeException downloadFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CappedBody.TooLarge) {
        return tooLarge();
      }
      if (cause instanceof CappedBody.BadStatus bad) {
        return ApiException.invalidParams("url", "download failed with HTTP " + bad.status());
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return ApiException.invalidParams(
            "url", "download took longer than " + deadline.toSeconds() + " s");
      }
    }
    return ApiException.invalidParams(
        "url", "download failed: " + (failure == null ? "unknown error" : failure.getMessage()));
  }

  private static ApiException unreadable(String path) {
    return ApiException.invalidParams(
        "path", "cannot read an application file at " + path + " (missing or not readable)");
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorKind.LIMIT_EXCEEDED,
        "application larger than " + maxBytes + " bytes",
        Map.of("limit", maxBytes));
  }
}
