package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.storage.memory.MemoryStorageProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node without an application runtime serves only health, readiness and identity, and refuses a
 * web page there as the client API does: a {@code Host} rebound to loopback (421) and a foreign
 * {@code Origin} (403) learn nothing, not even the node's identity.
 */
class HealthServerBrowserTest {
  @TempDir Path dir;

  /** A node on a free loopback port whose {@code [server]} lists these TOML arrays. */
  private Mero4jNode start(String allowedHosts, String allowedOrigins) throws Exception {
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(1, 0, "none", "none", true), new SecureRandom());
    String config =
        Files.readString(home.configFile())
            .replace("provider = \"mapdb\"", "provider = \"memory\"")
            .replace("allowed_hosts = []", "allowed_hosts = " + allowedHosts)
            .replace("allowed_origins = []", "allowed_origins = " + allowedOrigins);
    Files.writeString(home.configFile(), config);
    NodeConfig loaded = home.loadConfig();
    return new Mero4jNode(
        home,
        loaded,
        home.loadIdentity(loaded),
        new ProviderSet(Map.of("memory", new MemoryStorageProvider()), Map.of(), Map.of()));
  }

  @Test
  void aReboundHostOrAForeignOriginLearnsNothing() throws Exception {
    try (Mero4jNode node = start("[]", "[]")) {
      NodeStatus status = node.start();
      int port = URI.create(status.addresses().get(0)).getPort();
      String local = "127.0.0.1:" + port;
      for (String path : new String[] {"/admin-api/identity", "/admin-api/health", "/nope"}) {
        String rebound = get(port, path, "rebound.evil.example:" + port, null);
        assertThat(rebound).as(path).startsWith("HTTP/1.1 421").contains("\"host\"");
        assertThat(rebound).doesNotContain(status.publicKey());
        String foreign = get(port, path, local, "https://evil.example");
        assertThat(foreign).as(path).startsWith("HTTP/1.1 403").contains("\"origin\"");
        assertThat(foreign).doesNotContain(status.publicKey());
      }
      assertThat(get(port, "/admin-api/identity", local, null))
          .startsWith("HTTP/1.1 200")
          .contains(status.publicKey());
      assertThat(get(port, "/admin-api/identity", local, "http://" + local))
          .as("the node's own origin")
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void configuredHostsAndOriginsAreServed() throws Exception {
    try (Mero4jNode node = start("[\"node.internal\"]", "[\"http://localhost:3000\"]")) {
      int port = URI.create(node.start().addresses().get(0)).getPort();
      assertThat(get(port, "/admin-api/health", "node.internal:" + port, null))
          .startsWith("HTTP/1.1 200");
      assertThat(get(port, "/admin-api/health", "127.0.0.1:" + port, "http://localhost:3000"))
          .startsWith("HTTP/1.1 200");
      assertThat(get(port, "/admin-api/health", "127.0.0.1:" + port, "http://localhost:3001"))
          .startsWith("HTTP/1.1 403");
    }
  }

  /** A GET with exactly these {@code Host} and (when not null) {@code Origin} headers. */
  private static String get(int port, String path, String host, String origin) throws IOException {
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
