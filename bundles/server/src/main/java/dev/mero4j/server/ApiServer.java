package dev.mero4j.server;

import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.server.internal.Assembly;
import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's client API on one HTTP port: JSON-RPC at {@code /jsonrpc}, admin REST under {@code
 * /admin-api}, WebSocket at {@code /ws}, SSE at {@code /sse}, tokens at {@code /auth}, Prometheus
 * metrics at {@code /metrics}. A plain class: construct it with the services, {@link #start()} it,
 * {@link #close()} it.
 */
public final class ApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
  private static final java.util.Set<String> HTTP_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  private final ApiServerConfig config;
  private final ApplicationRegistry applications;
  private final ContextService contexts;
  private final NodeInfo node;
  private final Clock clock;
  private final Random random;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final List<RouteInfo> routes = new ArrayList<>();
  private Assembly assembly;
  private Javalin app;
  private URI url;

  /** A registered route: HTTP method (or {@code WS}) and path. */
  public record RouteInfo(String method, String path) {}

  public ApiServer(
      ApiServerConfig config,
      ApplicationRegistry applications,
      ContextService contexts,
      NodeInfo node) {
    this(config, applications, contexts, node, Clock.systemUTC(), new SecureRandom());
  }

  /**
   * With the clock (token expiry, rate limits, session TTLs) and randomness (token and session ids)
   * injected.
   */
  public ApiServer(
      ApiServerConfig config,
      ApplicationRegistry applications,
      ContextService contexts,
      NodeInfo node,
      Clock clock,
      Random random) {
    this.config = Objects.requireNonNull(config, "config");
    this.applications = Objects.requireNonNull(applications, "applications");
    this.contexts = Objects.requireNonNull(contexts, "contexts");
    this.node = Objects.requireNonNull(node, "node");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Binds and serves; returns the base URL with the port actually bound.
   *
   * @throws InsecureConfigException auth is off and the host is not a loopback address
   * @throws AddressInUseException the port is taken
   */
  public synchronized URI start() {
    if (url != null) {
      return url;
    }
    checkSecure();
    // Jetty finds its parts with ServiceLoader through the context class loader; inside OSGi the
    // embedded Jetty must see its own copies, so this bundle's loader is the context while
    // starting.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(ApiServer.class.getClassLoader());
    try {
      return startJavalin();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private URI startJavalin() {
    assembly =
        new Assembly(
            config, applications, contexts, node, clock, random, ready::get, System::nanoTime);
    Javalin created =
        Javalin.create(
            javalin -> {
              javalin.events.handlerAdded(
                  (HandlerMetaInfo info) -> {
                    if (HTTP_METHODS.contains(info.getHttpMethod().name())) {
                      routes.add(new RouteInfo(info.getHttpMethod().name(), info.getPath()));
                    }
                  });
              javalin.events.wsHandlerAdded(
                  info -> routes.add(new RouteInfo("WS", info.getPath())));
              assembly.configure(javalin);
            });
    try {
      created.start(config.host(), config.port());
    } catch (RuntimeException e) {
      assembly.close();
      throw startFailure(e);
    }
    app = created;
    assembly.startEvents();
    url = URI.create("http://" + hostForUrl(config.host()) + ":" + created.port());
    LOG.log(
        System.Logger.Level.INFO,
        "client API listening on {0} (auth {1})",
        url,
        config.auth().isPresent() ? "on" : "off: loopback only, no token needed");
    return url;
  }

  /** Readiness reported by {@code GET /admin-api/ready}. */
  public void setReady(boolean isReady) {
    ready.set(isReady);
  }

  public boolean authEnabled() {
    return config.auth().isPresent();
  }

  /** Every HTTP and WebSocket route registered, for checks against the API spec. */
  public synchronized List<RouteInfo> routes() {
    return List.copyOf(routes);
  }

  /** The base URL, once started. */
  public synchronized URI url() {
    if (url == null) {
      throw new IllegalStateException("the API server is not started");
    }
    return url;
  }

  @Override
  public synchronized void close() {
    ready.set(false);
    if (assembly != null) {
      assembly.close();
      assembly = null;
    }
    if (app != null) {
      app.stop();
      app = null;
    }
    url = null;
  }

  private void checkSecure() {
    if (config.auth().isPresent()) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(config.host())) {
        if (!address.isLoopbackAddress()) {
          throw new InsecureConfigException(
              "auth is off but the API would listen on "
                  + config.host()
                  + "; bind it to 127.0.0.1 or enable auth (an admin credential from mero4j init)");
        }
      }
    } catch (UnknownHostException e) {
      throw new ApiServerException("unknown API host " + config.host(), e);
    }
  }

  private static RuntimeException startFailure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return new AddressInUseException("the API address is already in use: " + t.getMessage(), e);
      }
    }
    return new ApiServerException("the API server failed to start: " + e.getMessage(), e);
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
