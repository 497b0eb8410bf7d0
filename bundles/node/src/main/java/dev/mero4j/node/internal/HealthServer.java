package dev.mero4j.node.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.PortInUseException;
import dev.mero4j.primitives.PublicKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The node's liveness, readiness and identity endpoints under {@code /admin-api}. */
public final class HealthServer implements AutoCloseable {
  /** Queue of connections waiting for accept; enough for probes and a few clients. */
  private static final int BACKLOG = 64;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean ready;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds the configured host and port and serves until closed. */
  public static HealthServer start(
      NodeConfig.Server config, PublicKey identity, java.util.function.Supplier<String> peerId) {
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
    HealthServer server = new HealthServer(http, executor);
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
        "/", ex -> server.error(ex, 404, "NotFound", "no route " + ex.getRequestURI().getPath()));
    http.setExecutor(executor);
    http.start();
    return server;
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
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "MethodNotAllowed", "use GET");
      return;
    }
    send(exchange, status, Map.of("data", data));
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
