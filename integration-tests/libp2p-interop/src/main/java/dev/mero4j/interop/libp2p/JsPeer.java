package dev.mero4j.interop.libp2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A js-libp2p peer in a child Node.js process, driven by JSON lines on stdin/stdout. */
public final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private JsPeer(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::readEvents, "js-peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** The npm project with peer.mjs (system property {@code mero4j.interop.js}). */
  public static Path jsDir() {
    return Path.of(System.getProperty("mero4j.interop.js", "integration-tests/libp2p-interop/js"))
        .toAbsolutePath();
  }

  /** Fails loudly when {@code npm ci} has not been run: interop must never be skipped silently. */
  public static void requireInstalled() {
    Path dir = jsDir();
    if (!Files.isDirectory(dir.resolve("node_modules/libp2p"))) {
      throw new IllegalStateException("js-libp2p is not installed: run `npm ci` in " + dir);
    }
  }

  /** Starts {@code node --import ./polyfill.mjs peer.mjs args…} and waits for its ready line. */
  public static JsPeer start(String... args) {
    requireInstalled();
    List<String> cmd = new ArrayList<>(List.of("node", "--import", "./polyfill.mjs", "peer.mjs"));
    cmd.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("js-peer-", ".log");
      Process p =
          new ProcessBuilder(cmd).directory(jsDir().toFile()).redirectError(log.toFile()).start();
      JsPeer peer = new JsPeer(p);
      peer.await(e -> e.path("event").asText().equals("ready"), Duration.ofSeconds(60));
      return peer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node (is Node.js 20 on the PATH?)", e);
    }
  }

  private void readEvents() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("{")) {
          events.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      events.add(
          JSON.createObjectNode().put("event", "stdout-closed").put("message", e.toString()));
    }
  }

  public List<JsonNode> events() {
    return events;
  }

  /** Events of one type, in arrival order. */
  public List<JsonNode> events(String type) {
    return events.stream().filter(e -> e.path("event").asText().equals(type)).toList();
  }

  /** Waits for the first event matching {@code match}; fails with the event log on timeout. */
  public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode e : events) {
        if (match.test(e)) {
          return e;
        }
      }
      if (!process.isAlive() && !reader.isAlive()) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", ie);
      }
    }
    throw new AssertionError(
        "js peer: no matching event within " + timeout + "; events: " + tail());
  }

  /** Waits for an event of {@code type}, failing early when the peer reports an error for it. */
  public JsonNode awaitEvent(String type, Duration timeout) {
    JsonNode e =
        await(
            n -> n.path("event").asText().equals(type) || n.path("event").asText().equals("error"),
            timeout);
    if (e.path("event").asText().equals("error")) {
      throw new AssertionError("js peer error: " + e);
    }
    return e;
  }

  /**
   * Sends {@code command} and returns the next {@code type} event, its answer (counted from the
   * events before it, so an older answer is never taken); fails on an error event for the command.
   */
  public JsonNode call(Map<String, Object> command, String type, Duration timeout) {
    Object cmd = command.get("cmd");
    Predicate<JsonNode> failed =
        e -> e.path("event").asText().equals("error") && e.path("cmd").asText().equals(cmd);
    int before = events(type).size();
    long errors = events.stream().filter(failed).count();
    send(command);
    await(
        e -> events(type).size() > before || events.stream().filter(failed).count() > errors,
        timeout);
    if (events(type).size() > before) {
      return events(type).get(before);
    }
    throw new AssertionError("js peer error: " + events.stream().filter(failed).toList());
  }

  /**
   * The messages of the library's log events (peer.mjs {@code --log}) that contain {@code text}.
   */
  public List<String> logs(String text) {
    return events("log").stream()
        .map(e -> e.path("message").asText())
        .filter(m -> m.contains(text))
        .toList();
  }

  private String tail() {
    int n = events.size();
    return events.subList(Math.max(0, n - 20), n).toString();
  }

  public String peerId() {
    return events("ready").get(0).path("peerId").asText();
  }

  /** The first listen address, with /p2p. */
  public String address() {
    return events("ready").get(0).path("addrs").get(0).asText();
  }

  public synchronized void send(Map<String, Object> command) {
    try {
      stdin.write(JSON.writeValueAsString(command));
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("js peer is gone", e);
    }
  }

  @Override
  public void close() {
    try {
      send(Map.of("cmd", "exit"));
    } catch (UncheckedIOException e) {
      // already gone
      process.destroy();
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
