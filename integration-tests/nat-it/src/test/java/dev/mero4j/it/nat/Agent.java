package dev.mero4j.it.nat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The test's end of an {@link NsAgent} running inside one namespace. Thread-safe. */
final class Agent implements AutoCloseable {
  private final String namespace;
  private final Process process;
  private final DataOutputStream requests;
  private final DataInputStream answers;
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private Agent(String namespace, Process process) {
    this.namespace = namespace;
    this.process = process;
    this.requests = new DataOutputStream(process.getOutputStream());
    this.answers = new DataInputStream(process.getInputStream());
    Thread pump =
        new Thread(
            () -> {
              try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
                reader.lines().forEach(stderr::add);
              } catch (IOException e) {
                stderr.add("<stderr: " + e + ">");
              }
            },
            "agent-stderr-" + namespace);
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts an agent in {@code namespace} on this JVM's java and test class path. */
  static Agent start(NetNs namespace) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes;
    try {
      classes =
          Path.of(NsAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    ProcessBuilder command =
        new ProcessBuilder(
            java,
            "-Xmx32m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classes,
            NsAgent.class.getName());
    try {
      return new Agent(namespace.name(), namespace.start(command));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the agent in " + namespace.name() + ": " + e, e);
    }
  }

  /** An answer: the HTTP status (or 0 for probes) and the body. */
  record Answer(int status, String body) {}

  /** An HTTP request made from inside the namespace. */
  Answer http(String method, String url, String body) {
    return send(method, url, "", body);
  }

  /** Listens on {@code host:port} inside the namespace; returns the bound address. */
  String listen(String host, int port) {
    return send("listen", host, Integer.toString(port), "").body();
  }

  /** Waits for the next connection to a listener and returns its remote "ip:port". */
  String accepted() {
    return send("accepted", "", "", "").body();
  }

  /** Opens a TCP connection from {@code localPort} (0: any); returns the local "ip:port". */
  String connect(int localPort, String target) {
    return send("connect", Integer.toString(localPort), target, "").body();
  }

  private synchronized Answer send(String command, String first, String second, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      requests.writeUTF(command);
      requests.writeUTF(first);
      requests.writeUTF(second);
      requests.writeInt(bytes.length);
      requests.write(bytes);
      requests.flush();
      int status = answers.readInt();
      int length = answers.readInt();
      if (length < 0 || length > NsAgent.MAX_BODY) {
        throw new IOException("answer of " + length + " bytes");
      }
      String answer = new String(answers.readNBytes(length), StandardCharsets.UTF_8);
      if (status == -1) {
        throw new IllegalStateException(
            "in " + namespace + ": " + command + " " + first + " " + second + ": " + answer);
      }
      return new Answer(status, answer);
    } catch (IOException e) {
      throw new IllegalStateException(
          "agent in " + namespace + " is gone (alive " + process.isAlive() + "): " + stderr, e);
    }
  }

  @Override
  public void close() {
    try {
      requests.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
