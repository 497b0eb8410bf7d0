package dev.mero4j.node.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven by the pinned {@code playwright-core} (dashboard-browser/,
 * installed by {@code npm ci}): one JSON command per line to {@code drive.mjs}, one JSON answer
 * back.
 */
final class DashboardDriver implements AutoCloseable {
  static final Path DIR =
      Path.of(System.getProperty("mero4j.dashboard.browser", "dashboard-browser")).toAbsolutePath();
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long ANSWER_SECONDS = 180;

  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  private DashboardDriver(Process process) {
    this.process = process;
    this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Fails loudly when {@code npm ci} has not run: the browser test is never skipped silently. */
  static void requireInstalled() {
    if (!Files.isRegularFile(DIR.resolve("node_modules/playwright-core/package.json"))) {
      throw new IllegalStateException(
          "playwright-core is not installed: run `npm ci --ignore-scripts` in "
              + DIR
              + " (the build does it when npm is on the PATH)");
    }
  }

  static DashboardDriver start(Path chromium, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("node", DIR.resolve("drive.mjs").toString());
    builder.directory(DIR.toFile());
    builder.environment().put("CHROMIUM", chromium.toString());
    builder.redirectError(log.toFile());
    return new DashboardDriver(builder.start());
  }

  /** Runs one command; fails the test with the driver's error when it failed. */
  JsonNode call(String op, Object... fields) throws Exception {
    ObjectNode command = JSON.createObjectNode().put("op", op);
    for (int i = 0; i < fields.length; i += 2) {
      command.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    in.write(command + "\n");
    in.flush();
    String line =
        CompletableFuture.supplyAsync(this::readLine).get(ANSWER_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      throw new IllegalStateException("the browser driver exited (see its log) on " + command);
    }
    JsonNode answer = JSON.readTree(line);
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError(op + " failed in the browser: " + answer.path("error").asText());
    }
    return answer;
  }

  private String readLine() {
    try {
      return out.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  static Optional<Path> chromium() {
    for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      in.write("{\"op\":\"close\"}\n");
      in.flush();
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
