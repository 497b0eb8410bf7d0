package dev.mero4j.server;

import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.BrowserGuard;
import java.util.Optional;

/**
 * The client API's refusal of what a web page could make a browser send (a foreign {@code Origin},
 * a {@code Host} that is no name of the node), for the node's other HTTP endpoints.
 */
public final class BrowserPolicy {
  private final BrowserGuard guard;

  private BrowserPolicy(BrowserGuard guard) {
    this.guard = guard;
  }

  /** The rules of a server configured as {@code config}: its bind address and allowed names. */
  public static BrowserPolicy of(ApiServerConfig config) {
    return new BrowserPolicy(
        new BrowserGuard(config.host(), config.allowedHosts(), config.allowedOrigins()));
  }

  /**
   * Empty when a request with these headers (each may be {@code null}) may be served, else why it
   * may not.
   */
  public Optional<Refusal> refusal(String host, String origin, String fetchSite) {
    try {
      guard.check(host, origin, fetchSite);
      return Optional.empty();
    } catch (ApiException e) {
      return Optional.of(
          new Refusal(
              e.kind().httpStatus(),
              e.kind().detail(),
              String.valueOf(e.details().get("reason")),
              e.getMessage()));
    }
  }

  /**
   * A refused request.
   *
   * @param status HTTP status: 421 for a foreign host, 403 for a foreign origin
   * @param type error type, e.g. {@code MisdirectedRequest}
   * @param reason {@code host} or {@code origin}
   * @param message what was refused and how an operator allows it
   */
  public record Refusal(int status, String type, String reason, String message) {}
}
