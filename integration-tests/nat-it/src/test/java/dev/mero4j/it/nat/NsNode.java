package dev.mero4j.it.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@code bin/mero4j run} process inside one namespace, with a home made by {@code mero4j init}
 * and its default ports (each namespace has its own), driven over its HTTP API on the namespace's
 * 127.0.0.1 through the namespace's {@link Agent}.
 */
final class NsNode implements AutoCloseable {
  static final Path DIST = Path.of(System.getProperty("mero4j.dist")).toAbsolutePath();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The default peer-to-peer port of a home made by {@code mero4j init}. */
  static final int SWARM_PORT = 2428;

  private static final String API = "http://127.0.0.1:2528";
  private static final Pattern PEER = Pattern.compile(" peer (\\S+)");

  final String name;
  private final NetNs ns;
  private final Path home;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private volatile Process process;
  private volatile String peerId;

  private NsNode(String name, NetNs ns, Path home) {
    this.name = name;
    this.ns = ns;
    this.home = home;
  }

  /** Creates the home with {@code mero4j init} and its defaults (run on the host: no network). */
  static NsNode init(String name, NetNs ns, Path home) throws Exception {
    Process init = cli("init", "--home", home.toString()).redirectErrorStream(true).start();
    String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(init.waitFor(120, TimeUnit.SECONDS)).as("init %s finishes", name).isTrue();
    assertThat(init.exitValue()).as("init %s: %s", name, output).isZero();
    return new NsNode(name, ns, home);
  }

  /**
   * {@link #init} of home {@code dir/name} on its own thread: each init is a JVM, so running them
   * at once overlaps their start-up.
   */
  static CompletableFuture<NsNode> initAsync(String name, NetNs ns, Path dir) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return init(name, ns, dir.resolve(name));
          } catch (Exception e) {
            throw new IllegalStateException("init " + name, e);
          }
        },
        runnable -> new Thread(runnable, "init-" + name).start());
  }

  /** Sets the config's bootstrap list. */
  void bootstrap(List<String> multiaddrs) throws IOException {
    String list = multiaddrs.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
    Path config = home.resolve("config.toml");
    Files.writeString(
        config,
        Files.readString(config)
            .replaceFirst("(?m)^bootstrap = .*$", "bootstrap = [" + list + "]"));
  }

  /** Sets {@code key = value} (value in TOML syntax) where the config made by init has the key. */
  void configure(String key, String value) throws IOException {
    Path config = home.resolve("config.toml");
    String text = Files.readString(config);
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + " = .*$").matcher(text);
    if (!line.find()) {
      throw new IllegalStateException("the config.toml made by init has no key " + key);
    }
    Files.writeString(config, line.replaceFirst(Matcher.quoteReplacement(key + " = " + value)));
  }

  /**
   * {@code peer} as this node's {@code /admin-api/peers} lists it while connected: addresses,
   * direction and {@code relayed} (true when every connection to it goes through a relay).
   */
  Optional<JsonNode> connectionTo(String peer) {
    for (JsonNode connected : get("/admin-api/peers").path("peers")) {
      if (peer.equals(connected.path("peerId").asText())) {
        return Optional.of(connected);
      }
    }
    return Optional.empty();
  }

  /** Starts {@code mero4j run} in the namespace and waits for its ready line. */
  void start() throws IOException {
    launch();
    awaitReady();
  }

  /** Starts {@code mero4j run} in the namespace without waiting. */
  void launch() throws IOException {
    process = ns.start(cli("run", "--home", home.toString()));
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  /** Waits for the ready line and learns the peer id from it. */
  void awaitReady() {
    await(name + " ready line")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> readyLine().isPresent() || !process.isAlive());
    String ready =
        readyLine()
            .orElseThrow(() -> new AssertionError(name + " exited; stderr " + err + " out " + out));
    Matcher m = PEER.matcher(ready);
    assertThat(m.find()).as(ready).isTrue();
    peerId = m.group(1);
  }

  String peerId() {
    return peerId;
  }

  /** This node's multiaddr at {@code ip} (an address of its namespace). */
  String multiaddr(String ip) {
    return "/ip4/" + ip + "/tcp/" + SWARM_PORT + "/p2p/" + peerId;
  }

  /**
   * Installs a bundled application ({@code apps/NAME.wasm} of the distribution); returns its id.
   */
  String installBundledApp(String app) {
    ObjectNode body = JSON.createObjectNode().put("path", DIST.resolve("apps/" + app).toString());
    return post("/admin-api/install-dev-application", body).path("applicationId").asText();
  }

  String createContext(String applicationId) {
    ObjectNode body = JSON.createObjectNode().put("applicationId", applicationId);
    return post("/admin-api/contexts", body).path("contextId").asText();
  }

  /** A single-use member invitation to a context this node administers. */
  String invite(String contextId) {
    ObjectNode body = JSON.createObjectNode().put("role", "member");
    return post("/admin-api/contexts/" + contextId + "/invitations", body)
        .path("invitation")
        .asText();
  }

  /** The {@code /p2p-circuit} addresses this node holds relay reservations for. */
  List<String> relayAddresses() {
    return java.util.stream.StreamSupport.stream(
            get("/admin-api/network/status").path("relayAddresses").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  /** Joins with an invitation; returns the context id. */
  String join(String invitation) {
    ObjectNode body = JSON.createObjectNode().put("invitation", invitation);
    return post("/admin-api/contexts/join", body).path("contextId").asText();
  }

  /** The ids of the installed applications. */
  List<String> applications() {
    List<String> ids = new java.util.ArrayList<>();
    get("/admin-api/applications").path("apps").forEach(app -> ids.add(app.path("id").asText()));
    return ids;
  }

  /** {@code GET} of an admin route; returns its {@code data}. */
  JsonNode get(String path) {
    return data("GET", path, "");
  }

  JsonNode post(String path, JsonNode body) {
    return data("POST", path, body.toString());
  }

  /** JSON-RPC {@code execute}; returns the method's output or throws with the error. */
  JsonNode call(String contextId, String method, String argsJson) {
    ObjectNode params = JSON.createObjectNode().put("contextId", contextId).put("method", method);
    params.set("argsJson", parse(argsJson));
    ObjectNode rpc =
        JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "execute");
    rpc.set("params", params);
    JsonNode response = parse(ns.agent().http("POST", API + "/jsonrpc", rpc.toString()).body());
    if (response.hasNonNull("error")) {
      throw new IllegalStateException(name + " " + method + ": " + response.get("error"));
    }
    return response.path("result").path("output");
  }

  List<String> stderr() {
    return err;
  }

  @Override
  public void close() {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      try {
        running.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private JsonNode data(String method, String path, String body) {
    Agent.Answer answer = ns.agent().http(method, API + path, body);
    JsonNode json = parse(answer.body());
    if (answer.status() >= 400) {
      throw new IllegalStateException(
          name + " " + method + " " + path + " HTTP " + answer.status() + ": " + json);
    }
    return json.path("data");
  }

  private JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(name + ": not JSON: " + json, e);
    }
  }

  private Optional<String> readyLine() {
    return out.stream().filter(line -> line.startsWith("Mero4j node ready in ")).findFirst();
  }

  private static ProcessBuilder cli(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(DIST.resolve("bin/mero4j").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("MERO4J_OPTS");
    // -Dmero4j.it.opts=... passes JVM options to the nodes, e.g. a java.util.logging config file
    // that turns on DEBUG for dev.mero4j.transport.libp2p.internal.dcutr when diagnosing.
    if (System.getProperty("mero4j.it.opts") != null) {
      builder.environment().put("MERO4J_OPTS", System.getProperty("mero4j.it.opts"));
    }
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder;
  }

  private static void pump(InputStream stream, List<String> sink) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  sink.add(line);
                }
              } catch (IOException e) {
                sink.add("<stream error: " + e + ">");
              }
            },
            "node-output");
    thread.setDaemon(true);
    thread.start();
  }
}
