package dev.mero4j.node.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mero4j.node.InvalidConfigException;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.PortInUseException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.server.ApiServerConfig;
import dev.mero4j.server.BrowserPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's liveness, readiness and identity endpoints under {@code /admin-api}, refusing what a
 * web page could send (foreign {@code Origin}, a {@code Host} rebound to loopback) as the client
 * API does.
 */
public final class HealthServer implements AutoCloseable {
  /** Queue of connections waiting for accept; enough for probes and a few clients. */
  private static final int BACKLOG = 64;

  private final HttpServer server;
  private final ExecutorService executor;
  private final BrowserPolicy policy;
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean ready;

  private HealthServer(HttpServer server, ExecutorService executor, BrowserPolicy policy) {
    this.server = server;
    this.executor = executor;
    this.policy = policy;
  }

  /** Binds the configured host and port and serves until closed. */
  public static HealthServer start(
      NodeConfig.Server config, PublicKey identity, java.util.function.Supplier<String> peerId) {
    BrowserPolicy policy = policy(config);
    HttpServer http;
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    try {
      http = HttpServer.create(address, BACKLOG);
    } catch (BindException e) {
      throw new PortInUseException(
          "server port "
              + config.port()
              + " on "
              + config.host()
              + " is already in use (another node?); change [server] port in config.toml",
          e);
    } catch (IOException e) {
      throw new NodeException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "mero4j-health");
              thread.setDaemon(true);
              return thread;
            });
    HealthServer server = new HealthServer(http, executor, policy);
    http.createContext("/admin-api/health", ex -> server.reply(ex, 200, Map.of("status", "alive")));
    http.createContext(
        "/admin-api/ready",
        ex -> server.reply(ex, server.ready ? 200 : 503, Map.of("ready", server.ready)));
    http.createContext(
        "/admin-api/identity",
        ex -> {
          Map<String, Object> identityBody = new LinkedHashMap<>();
          identityBody.put("publicKey", identity.toBase58());
          identityBody.put("peerId", peerId.get());
          server.reply(ex, 200, identityBody);
        });
    http.createContext(
        "/",
        ex -> {
          if (!server.refused(ex)) {
            server.error(ex, 404, "NotFound", "no route " + ex.getRequestURI().getPath());
          }
        });
    http.setExecutor(executor);
    http.start();
    return server;
  }

  private static BrowserPolicy policy(NodeConfig.Server config) {
    try {
      return BrowserPolicy.of(
          new ApiServerConfig(
              config.host(),
              config.port(),
              Optional.empty(),
              ApiServerConfig.Limits.defaults(),
              Set.copyOf(config.allowedHosts()),
              Set.copyOf(config.allowedOrigins())));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("[server] " + e.getMessage(), e);
    }
  }

  /** The base URL, with the port actually bound. */
  public String url() {
    InetSocketAddress bound = server.getAddress();
    return "http://" + bound.getHostString() + ":" + bound.getPort();
  }

  public void markReady() {
    ready = true;
  }

  @Override
  public void close() {
    ready = false;
    server.stop(0);
    executor.shutdownNow();
  }

  private void reply(HttpExchange exchange, int status, Object data) throws IOException {
    if (refused(exchange)) {
      return;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "MethodNotAllowed", "use GET");
      return;
    }
    send(exchange, status, Map.of("data", data));
  }

  /** Answers a request a web page could have sent through a browser; true if it did. */
  private boolean refused(HttpExchange exchange) throws IOException {
    var headers = exchange.getRequestHeaders();
    Optional<BrowserPolicy.Refusal> refusal =
        policy.refusal(
            headers.getFirst("Host"),
            headers.getFirst("Origin"),
            headers.getFirst("Sec-Fetch-Site"));
    if (refusal.isEmpty()) {
      return false;
    }
    BrowserPolicy.Refusal r = refusal.get();
    send(
        exchange,
        r.status(),
        Map.of("error", Map.of("type", r.type(), "message", r.message(), "reason", r.reason())));
    return true;
  }

  private void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    send(exchange, status, Map.of("error", Map.of("type", type, "message", message)));
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
