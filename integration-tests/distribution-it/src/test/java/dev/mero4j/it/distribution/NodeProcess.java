package dev.mero4j.it.distribution;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/mero4j} child process whose stdout and stderr lines are collected as they arrive.
 */
final class NodeProcess implements AutoCloseable {
  static final Path DIST = Path.of(System.getProperty("mero4j.dist")).toAbsolutePath();

  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();

  private NodeProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  static NodeProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(DIST.resolve("bin/mero4j").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("MERO4J_OPTS");
    return new NodeProcess(builder.start());
  }

  /** Runs a command to completion and returns its exit code. */
  static Result run(String... args) throws Exception {
    try (NodeProcess p = start(args)) {
      if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("mero4j " + String.join(" ", args) + " did not finish");
      }
      p.drained();
      return new Result(p.process.exitValue(), List.copyOf(p.out), List.copyOf(p.err));
    }
  }

  /** Waits for the ready line and returns it. */
  String awaitReady() {
    await("ready line; stderr=" + err)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> readyLine().isPresent() || !process.isAlive());
    return readyLine()
        .orElseThrow(
            () ->
                new AssertionError(
                    "node exited " + exitCode() + "; stderr: " + err + "; stdout: " + out));
  }

  Optional<String> readyLine() {
    return out.stream().filter(line -> line.startsWith("Mero4j node ready in ")).findFirst();
  }

  /** Sends SIGTERM through the process handle, which (unlike Process.destroy) keeps stdout open. */
  void terminate() {
    process.toHandle().destroy();
  }

  void kill() {
    process.destroyForcibly();
  }

  /** The process id ({@code bin/mero4j} execs the JVM, so this is the node's own). */
  long pid() {
    return process.pid();
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("node did not exit; stdout=" + out);
    }
    drained();
    return process.exitValue();
  }

  int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  List<String> out() {
    return out;
  }

  List<String> err() {
    return err;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void drained() {
    await().atMost(Duration.ofSeconds(10)).until(() -> pumpsDone == 2);
  }

  private volatile int pumpsDone;

  private void pump(java.io.InputStream stream, List<String> sink) {
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
              } finally {
                synchronized (this) {
                  pumpsDone++;
                }
              }
            },
            "node-output");
    thread.setDaemon(true);
    thread.start();
  }

  record Result(int exitCode, List<String> out, List<String> err) {}
}
