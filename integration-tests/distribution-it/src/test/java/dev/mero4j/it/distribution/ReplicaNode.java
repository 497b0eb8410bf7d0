package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One node of a multi-process cluster: a home made by {@code mero4j init} with free ports, libp2p
 * on 127.0.0.1 and bootstrap peers, run by {@code bin/mero4j run} and driven over its HTTP API.
 */
final class ReplicaNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PEER = Pattern.compile(" peer (\\S+)");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  final String name;
  final Path home;
  final int serverPort;
  final int swarmPort;
  private final String framework;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile NodeProcess process;
  private volatile String peerId;

  private ReplicaNode(String name, Path home, int serverPort, int swarmPort, String framework) {
    this.name = name;
    this.home = home;
    this.serverPort = serverPort;
    this.swarmPort = swarmPort;
    this.framework = framework;
  }

  /**
   * Creates the home with {@code mero4j init}, listening on 127.0.0.1 only.
   *
   * @param framework {@code osgi} (Felix, the default) or {@code plain} (class path)
   */
  static ReplicaNode init(String name, Path home, String framework) throws Exception {
    int server = freePort();
    int swarm = freePort();
    NodeProcess.Result result =
        NodeProcess.run(
            "init",
            "--home",
            home.toString(),
            "--server-port",
            Integer.toString(server),
            "--swarm-port",
            Integer.toString(swarm));
    assertThat(result.exitCode()).as("init %s: %s", name, result.err()).isZero();
    Path config = home.resolve("config.toml");
    Files.writeString(config, Files.readString(config).replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/"));
    return new ReplicaNode(name, home, server, swarm, framework);
  }

  /**
   * Creates the home with {@code mero4j init} and nothing else but free ports: listening on every
   * interface, no bootstrap peer, discovery as {@code init} sets it.
   */
  static ReplicaNode initDefault(String name, Path home) throws Exception {
    int server = freePort();
    int swarm = freePort();
    NodeProcess.Result result =
        NodeProcess.run(
            "init",
            "--home",
            home.toString(),
            "--server-port",
            Integer.toString(server),
            "--swarm-port",
            Integer.toString(swarm));
    assertThat(result.exitCode()).as("init %s: %s", name, result.err()).isZero();
    return new ReplicaNode(name, home, server, swarm, "osgi");
  }

  /** Turns mDNS off when the config has the setting (a node without it runs no mDNS). */
  void mdnsOff() throws IOException {
    Path config = home.resolve("config.toml");
    Files.writeString(
        config, Files.readString(config).replaceAll("(?m)^mdns\\s*=\\s*true", "mdns = false"));
  }

  String config() throws IOException {
    return Files.readString(home.resolve("config.toml"));
  }

  /** Writes the bootstrap list of the config: every peer as its full multiaddr. */
  void bootstrap(List<ReplicaNode> peers) throws IOException {
    String list =
        peers.stream().map(p -> "\"" + p.multiaddr() + "\"").collect(Collectors.joining(", "));
    Path config = home.resolve("config.toml");
    Files.writeString(
        config,
        Files.readString(config)
            .replaceFirst("(?m)^bootstrap = .*$", "bootstrap = [" + list + "]"));
  }

  /** Starts {@code mero4j run} without waiting for it. */
  void start() throws IOException {
    process = NodeProcess.start("run", "--home", home.toString(), "--framework", framework);
  }

  /** Waits for the ready line and learns the peer id from it. */
  void awaitReady() {
    String ready = process.awaitReady();
    Matcher m = PEER.matcher(ready);
    assertThat(m.find()).as(ready).isTrue();
    peerId = m.group(1);
  }

  String multiaddr() {
    return "/ip4/127.0.0.1/tcp/" + swarmPort + "/p2p/" + peerId;
  }

  /** {@code kill -9}: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.kill();
    process.awaitExit();
  }

  /**
   * {@code kill -STOP}: the node runs no instruction until {@link #resume}, so its files hold what
   * a {@code kill -9} at this instant would leave.
   */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
    awaitEveryThreadStopped();
  }

  /**
   * {@code kill} returns once the signal is queued; a thread running on another core still runs
   * until the kernel stops it, so a copy made before then can hold a half-done write that no {@code
   * kill -9} would leave. Waits until {@code /proc} shows every thread stopped.
   */
  private void awaitEveryThreadStopped() throws IOException, InterruptedException {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    List<String> running = runningThreads(tasks);
    while (!running.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(name + " threads not stopped by kill -STOP: " + running);
      }
      Thread.sleep(1);
      running = runningThreads(tasks);
    }
  }

  /** The threads under {@code tasks} whose state is not stopped (T, t) nor dead (Z, X). */
  private static List<String> runningThreads(Path tasks) throws IOException {
    try (Stream<Path> threads = Files.list(tasks)) {
      return threads
          .map(ReplicaNode::threadState)
          .filter(state -> !state.isEmpty() && "TtZX".indexOf(state.charAt(state.length() - 1)) < 0)
          .toList();
    }
  }

  /** {@code TID:S}, S the state field of {@code TASK/stat}; empty for a thread that has exited. */
  private static String threadState(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
      int end = stat.lastIndexOf(')');
      return task.getFileName() + ":" + stat.charAt(end + 2);
    } catch (IOException e) {
      return "";
    }
  }

  /** {@code kill -CONT}: a paused node runs on. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kill.waitFor()).as("kill -%s %s: %s", name, this.name, output).isZero();
  }

  /** SIGTERM, then waits for a clean exit. */
  void stop() throws InterruptedException {
    process.terminate();
    assertThat(process.awaitExit()).as("%s exit; stderr %s", name, process.err()).isZero();
  }

  boolean running() {
    return process != null && process.exitCode() == -1;
  }

  /** Installs an application by uploading its bytes; returns its id. */
  String install(Path wasm) throws IOException {
    HttpRequest request =
        request("/admin-api/applications")
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(wasm)))
            .build();
    return send(request).path("data").path("applicationId").asText();
  }

  /** Creates a context of an installed application; returns its id. */
  String createContext(String applicationId) {
    ObjectNode body = JSON.createObjectNode().put("applicationId", applicationId);
    HttpRequest request =
        request("/admin-api/contexts")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request).path("data").path("contextId").asText();
  }

  /** The context's root hash (base58) as the admin API reports it. */
  String rootHash(String contextId) {
    return context(contextId).path("rootHash").asText();
  }

  /** Issues a single-use member invitation to a context this node administers; returns its text. */
  String invite(String contextId) {
    HttpRequest request =
        request("/admin-api/contexts/" + contextId + "/invitations")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"member\"}"))
            .build();
    return send(request).path("data").path("invitation").asText();
  }

  /** Joins a context with an invitation; returns the context id. */
  String join(String invitation) {
    ObjectNode body = JSON.createObjectNode().put("invitation", invitation);
    HttpRequest request =
        request("/admin-api/contexts/join")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request).path("data").path("contextId").asText();
  }

  /** The context as the admin API describes it: root hash and DAG heads. */
  JsonNode context(String contextId) {
    return send(request("/admin-api/contexts/" + contextId).GET().build()).path("data");
  }

  /** Whether this node holds the context. */
  boolean hasContext(String contextId) {
    JsonNode contexts =
        send(request("/admin-api/contexts").GET().build()).path("data").path("contexts");
    for (JsonNode context : contexts) {
      if (contextId.equals(context.path("id").asText())) {
        return true;
      }
    }
    return false;
  }

  /** JSON-RPC {@code execute}; returns the method's output, or throws with the error. */
  JsonNode call(String contextId, String method, String argsJson) {
    ObjectNode params = JSON.createObjectNode().put("contextId", contextId).put("method", method);
    try {
      params.set("argsJson", JSON.readTree(argsJson));
    } catch (IOException e) {
      throw new IllegalArgumentException(argsJson, e);
    }
    ObjectNode rpc =
        JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "execute");
    rpc.set("params", params);
    HttpRequest request =
        request("/jsonrpc")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(rpc.toString()))
            .build();
    JsonNode response = send(request);
    if (response.hasNonNull("error")) {
      throw new IllegalStateException(name + " " + method + ": " + response.get("error"));
    }
    return response.path("result").path("output");
  }

  List<String> stderr() {
    return process.err();
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
        .timeout(REQUEST_TIMEOUT);
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() >= 400 && !body.has("jsonrpc")) {
        throw new IllegalStateException(
            name + " " + request.uri().getPath() + " HTTP " + response.statusCode() + ": " + body);
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException(name + " " + request.uri().getPath() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
