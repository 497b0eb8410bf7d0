package dev.mero4j.server;

import static java.util.stream.Collectors.toUnmodifiableSet;

import dev.mero4j.server.internal.http.BrowserGuard;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed configuration of the {@link ApiServer}.
 *
 * @param host address to bind; auth is mandatory unless it is a loopback address
 * @param port TCP port, 0 for any free port
 * @param auth embedded JWT auth; empty means off (only allowed on loopback)
 * @param limits request, connection and buffer limits
 * @param allowedHosts host names (beyond the loopback names and the bound address) clients may put
 *     in {@code Host}, lower case, without port
 * @param allowedOrigins origins ({@code scheme://host[:port]}) of web pages, beyond the node's own,
 *     that may call the API
 */
public record ApiServerConfig(
    String host,
    int port,
    Optional<AuthSettings> auth,
    Limits limits,
    Set<String> allowedHosts,
    Set<String> allowedOrigins) {
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

  public ApiServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(limits, "limits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    allowedHosts =
        allowedHosts.stream().map(ApiServerConfig::hostName).collect(toUnmodifiableSet());
    allowedOrigins =
        allowedOrigins.stream().map(ApiServerConfig::origin).collect(toUnmodifiableSet());
  }

  public ApiServerConfig(String host, int port, Optional<AuthSettings> auth, Limits limits) {
    this(host, port, auth, limits, Set.of(), Set.of());
  }

  /** Loopback, auth off, default limits: the configuration for local use and tests. */
  public static ApiServerConfig loopback(int port) {
    return new ApiServerConfig("127.0.0.1", port, Optional.empty(), Limits.defaults());
  }

  public ApiServerConfig withAuth(AuthSettings settings) {
    return new ApiServerConfig(
        host, port, Optional.of(settings), limits, allowedHosts, allowedOrigins);
  }

  public ApiServerConfig withLimits(Limits newLimits) {
    return new ApiServerConfig(host, port, auth, newLimits, allowedHosts, allowedOrigins);
  }

  /** With the operator's extra host names and web origins. */
  public ApiServerConfig withAllowed(Set<String> hosts, Set<String> origins) {
    return new ApiServerConfig(host, port, auth, limits, hosts, origins);
  }

  private static String hostName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!HOST_NAME.matcher(lower).matches()) {
      throw new IllegalArgumentException(
          "allowed host '" + name + "' is not a host name (no port, no wildcard)");
    }
    return lower;
  }

  private static String origin(String text) {
    return BrowserGuard.normalizeOrigin(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "allowed origin '"
                        + text
                        + "' is not an origin like https://app.example or http://localhost:3000"));
  }

  /**
   * Embedded auth: the admin credential written by {@code mero4j init} and the HMAC key that signs
   * tokens.
   */
  public record AuthSettings(
      AdminCredential admin, byte[] jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl) {
    /** Shortest accepted HMAC key; HS256 needs at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    public AuthSettings {
      Objects.requireNonNull(admin, "admin");
      Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
      Objects.requireNonNull(refreshTokenTtl, "refreshTokenTtl");
      if (jwtSecret == null || jwtSecret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(
            "the JWT secret needs at least " + MIN_SECRET_BYTES + " bytes");
      }
      jwtSecret = jwtSecret.clone();
    }

    /** Calimero's lifetimes: access tokens 1 hour, refresh tokens 30 days. */
    public static AuthSettings of(AdminCredential admin, byte[] jwtSecret) {
      return new AuthSettings(admin, jwtSecret, Duration.ofHours(1), Duration.ofDays(30));
    }

    @Override
    public byte[] jwtSecret() {
      return jwtSecret.clone();
    }
  }

  /**
   * Limits protecting the node from clients.
   *
   * @param maxArgsBytes largest {@code argsJson} of an execute call (Calimero: 10 MiB)
   * @param maxJsonBodyBytes largest JSON request body (args plus envelope)
   * @param maxUploadBytes largest application upload (Calimero modules: 20 MiB)
   * @param maxWebSockets open WebSocket connections before new ones are refused
   * @param maxSseStreams open SSE streams before new ones are refused (each holds a thread)
   * @param maxSseSessions SSE sessions kept for resume
   * @param sseReplayEvents events each SSE session keeps for resume through Last-Event-ID
   * @param sseSessionTtl how long a disconnected SSE session is kept
   * @param wsPingInterval keep-alive ping interval of WebSockets and SSE streams
   * @param authAttemptsPerMinute sustained rate of /auth requests per client IP
   * @param authBurst burst of /auth requests per client IP
   * @param downloadTimeout longest an install from a URL may take, connecting included
   */
  public record Limits(
      int maxArgsBytes,
      int maxJsonBodyBytes,
      int maxUploadBytes,
      int maxWebSockets,
      int maxSseStreams,
      int maxSseSessions,
      int sseReplayEvents,
      Duration sseSessionTtl,
      Duration wsPingInterval,
      int authAttemptsPerMinute,
      int authBurst,
      Duration downloadTimeout) {
    /** Calimero's cap on execute arguments. */
    public static final int DEFAULT_MAX_ARGS = 10 * 1024 * 1024;

    public static Limits defaults() {
      return new Limits(
          DEFAULT_MAX_ARGS,
          DEFAULT_MAX_ARGS + 64 * 1024,
          32 * 1024 * 1024,
          10_000,
          256,
          4096,
          1024,
          Duration.ofHours(1),
          Duration.ofSeconds(30),
          30,
          10,
          Duration.ofSeconds(60));
    }

    public Limits withSseReplayEvents(int events) {
      return new Limits(
          maxArgsBytes,
          maxJsonBodyBytes,
          maxUploadBytes,
          maxWebSockets,
          maxSseStreams,
          maxSseSessions,
          events,
          sseSessionTtl,
          wsPingInterval,
          authAttemptsPerMinute,
          authBurst,
          downloadTimeout);
    }

    public Limits withMaxWebSockets(int sockets) {
      return new Limits(
          maxArgsBytes,
          maxJsonBodyBytes,
          maxUploadBytes,
          sockets,
          maxSseStreams,
          maxSseSessions,
          sseReplayEvents,
          sseSessionTtl,
          wsPingInterval,
          authAttemptsPerMinute,
          authBurst,
          downloadTimeout);
    }

    public Limits withAuthRate(int perMinute, int burst) {
      return new Limits(
          maxArgsBytes,
          maxJsonBodyBytes,
          maxUploadBytes,
          maxWebSockets,
          maxSseStreams,
          maxSseSessions,
          sseReplayEvents,
          sseSessionTtl,
          wsPingInterval,
          perMinute,
          burst,
          downloadTimeout);
    }

    /** With a different cap on uploads and downloads and a different download deadline. */
    public Limits withInstallLimits(int maxBytes, Duration timeout) {
      return new Limits(
          maxArgsBytes,
          maxJsonBodyBytes,
          maxBytes,
          maxWebSockets,
          maxSseStreams,
          maxSseSessions,
          sseReplayEvents,
          sseSessionTtl,
          wsPingInterval,
          authAttemptsPerMinute,
          authBurst,
          timeout);
    }
  }
}
