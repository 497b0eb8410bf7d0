package dev.mero4j.server.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses what a web page could make a browser send to the node: a request from a foreign {@code
 * Origin} (or one the browser marks cross-site), a {@code Host} that is neither a loopback name,
 * the bound address nor an operator-configured host (DNS rebinding), and a write whose body is not
 * of the route's media type (the form and text posts a page may send without asking).
 */
public final class BrowserGuard {
  /** Host names that always reach this machine and no DNS server can rebind. */
  static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  /** Longest {@code Host} or {@code Origin} header considered; longer ones are refused. */
  static final int MAX_HEADER = 1024;

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

  private final Set<String> hosts;
  private final Set<String> origins;
  private final Optional<InetAddress> bound;
  private final boolean wildcard;

  /**
   * @param bindHost the address the server listens on
   * @param allowedHosts extra host names (no port) clients may use, lower case
   * @param allowedOrigins extra origins ({@code scheme://host[:port]}) pages may call from
   */
  public BrowserGuard(String bindHost, Set<String> allowedHosts, Set<String> allowedOrigins) {
    this.hosts = Set.copyOf(allowedHosts);
    this.origins = Set.copyOf(allowedOrigins);
    this.bound = literal(bindHost.startsWith("[") ? bindHost : bracketed(bindHost));
    this.wildcard = bound.map(InetAddress::isAnyLocalAddress).orElse(false);
  }

  /**
   * Checks the headers of a request before anything else runs.
   *
   * @throws ApiException {@code MISDIRECTED_REQUEST} for a foreign host, {@code FORBIDDEN} for a
   *     foreign origin
   */
  public void check(String host, String origin, String fetchSite) {
    if (host != null && !hostAllowed(host)) {
      throw new ApiException(
          ErrorKind.MISDIRECTED_REQUEST,
          "Host '"
              + Json.truncate(host)
              + "' is not a name of this node; add it to [server] allowed_hosts",
          Map.of("reason", "host"));
    }
    if (origin != null) {
      if (!originAllowed(origin, host)) {
        throw foreign("requests from origin '" + Json.truncate(origin) + "' are not allowed");
      }
    } else if ("cross-site".equals(fetchSite) || "same-site".equals(fetchSite)) {
      throw foreign("requests started by another site's page are not allowed");
    }
  }

  /**
   * Requires a write's body to be of {@code mediaType}: a request without a body may omit the
   * header, any other must declare it.
   */
  public static void checkBody(
      String method, String contentType, long contentLength, boolean chunked, String mediaType) {
    if (!WRITES.contains(method)) {
      return;
    }
    if (contentType == null) {
      if (contentLength <= 0 && !chunked) {
        return;
      }
    } else if (mediaType(contentType).equals(mediaType)) {
      return;
    }
    throw new ApiException(
        ErrorKind.UNSUPPORTED_MEDIA_TYPE,
        "send the body as Content-Type: " + mediaType,
        Map.of("expected", mediaType));
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private boolean hostAllowed(String header) {
    if (header.length() > MAX_HEADER) {
      return false;
    }
    String name = hostName(header.toLowerCase(Locale.ROOT));
    if (LOOPBACK_NAMES.contains(name) || hosts.contains(name)) {
      return true;
    }
    Optional<InetAddress> address = literal(name);
    return address.isPresent()
        && (address.get().isLoopbackAddress() || wildcard || address.equals(bound));
  }

  private boolean originAllowed(String origin, String host) {
    if (origin.length() > MAX_HEADER) {
      return false;
    }
    String normalized = normalizeOrigin(origin).orElse(null);
    if (normalized == null) {
      return false;
    }
    if (origins.contains(normalized)) {
      return true;
    }
    // The node's own pages: the origin names exactly the host and port the request went to.
    String authority = normalized.substring(normalized.indexOf("://") + 3);
    return host != null && authority.equals(host.toLowerCase(Locale.ROOT));
  }

  /**
   * {@code scheme://host[:port]} in lower case without a default port, or empty if {@code text} is
   * not an http(s) origin (e.g. {@code null}, a path, user info).
   */
  public static Optional<String> normalizeOrigin(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean http = scheme.equals("http");
    if ((!http && !scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || port == (http ? 80 : 443);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }

  /** The host part of a {@code Host} header: {@code [v6]}, a name or an IPv4 address. */
  static String hostName(String header) {
    if (header.startsWith("[")) {
      int close = header.indexOf(']');
      return close < 0 ? header : header.substring(0, close + 1);
    }
    int colon = header.indexOf(':');
    return colon < 0 ? header : header.substring(0, colon);
  }

  private static String bracketed(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The address an IP literal ({@code 1.2.3.4} or {@code [v6]}) names; never a DNS lookup. */
  private static Optional<InetAddress> literal(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean v6 = IPV6.matcher(lower).matches() && lower.contains(":");
    if (!v6 && !IPV4.matcher(lower).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          InetAddress.getByName(v6 ? lower.substring(1, lower.length() - 1) : lower));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static ApiException foreign(String message) {
    return new ApiException(ErrorKind.FORBIDDEN, message, Map.of("reason", "origin"));
  }
}
