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
import java.util.Map;

/** Reads application bytes from a local path or an http(s) URL, never more than the upload cap. */
final class ApplicationSources {
  /** Time allowed to download an application. */
  static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

  private final int maxBytes;
  private final HttpClient http;

  ApplicationSources(int maxBytes) {
    this.maxBytes = maxBytes;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

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
      throw ApiException.invalidParams("path", "no file at " + path);
    }
    try {
      if (Files.size(path) > maxBytes) {
        throw tooLarge();
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw ApiException.invalidParams("path", "cannot read " + path + ": " + e.getMessage());
    }
  }

  byte[] fromUrl(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParams("url", "invalid URL: " + e.getMessage());
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw ApiException.invalidParams("url", "'url' must be http or https");
    }
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(DOWNLOAD_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw ApiException.invalidParams(
              "url", "download failed with HTTP " + response.statusCode());
        }
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
          throw tooLarge();
        }
        return bytes;
      }
    } catch (IOException e) {
      throw ApiException.invalidParams("url", "download failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorKind.UNAVAILABLE, "interrupted while downloading");
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorKind.LIMIT_EXCEEDED,
        "application larger than " + maxBytes + " bytes",
        Map.of("limit", maxBytes));
  }
}
