package dev.mero4j.it.osgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every assembly the distribution ships resolves in OSGi and assembles into a node directory; a
 * broken one is refused with the missing requirement named. Fails the build when an assembly rots.
 */
class ShippedAssembliesTest {
  private static final Path DIST = Path.of(System.getProperty("mero4j.dist")).toAbsolutePath();

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @ParameterizedTest
  @CsvSource({
    "default, storage=mapdb wasm=chicory transport=libp2p chain=none, mero4j-storage-rocksdb.jar, mero4j-storage-memory.jar",
    "rocksdb, storage=rocksdb wasm=chicory transport=libp2p chain=none, mero4j-storage-rocksdb.jar, mero4j-storage-mapdb.jar",
    "dev, storage=memory wasm=chicory transport=loopback chain=none, mero4j-transport-loopback.jar, mero4j-transport-libp2p.jar"
  })
  void shippedAssemblyResolvesAndAssemblesWithOnlyItsBundles(
      String name, String providers, String present, String absent) throws IOException {
    Path node = dir.resolve(name);
    int exit =
        Main.execute(
            "assemble",
            "--from",
            DIST.resolve("config/" + name + ".assembly").toString(),
            "--out",
            node.toString());
    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("Resolved ")
        .contains(providers)
        .contains("[")
        .contains("100%");
    assertThat(node.resolve("lib/" + present)).exists();
    assertThat(node.resolve("lib/" + absent)).doesNotExist();
    assertThat(node.resolve("lib/mero4j-cli.jar")).exists();
    assertThat(Files.isExecutable(node.resolve("bin/mero4j"))).isTrue();
    String storage = providers.split(" ")[0].substring("storage=".length());
    assertThat(Files.readString(node.resolve("config/node.toml")))
        .contains("provider = \"" + storage + "\"");
    assertThat(Files.readString(node.resolve("config/default.assembly")))
        .contains("storage = " + storage)
        .contains(present);
  }

  @Test
  void anAssemblyMissingAnApiBundleIsRefusedNamingThePackage() throws IOException {
    Path broken = dir.resolve("broken.assembly");
    List<String> lines = Files.readAllLines(DIST.resolve("config/default.assembly"));
    Files.write(
        broken,
        lines.stream()
            .filter(line -> !line.equals("mero4j-storage-api.jar"))
            .collect(Collectors.toList()));
    Path node = dir.resolve("node");

    int exit = Main.execute("assemble", "--from", broken.toString(), "--out", node.toString());

    assertThat(exit).isEqualTo(2);
    List<String> errors =
        err.toString()
            .lines()
            .filter(line -> line.startsWith("error: "))
            .collect(Collectors.toList());
    assertThat(errors)
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains(" needs ").doesNotContain("\tat "));
    assertThat(errors)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "error: dev.mero4j.storage.mapdb (mero4j-storage-mapdb.jar) needs package dev.mero4j.storage.api [")
                    .endsWith("no bundle in the assembly exports it"));
    assertThat(err.toString())
        .contains("broken.assembly does not assemble: " + errors.size() + " problem(s)");
    assertThat(node).doesNotExist();
  }

  @Test
  void anAssemblyWithoutDeclarativeServicesIsRefusedNamingTheExtender() throws IOException {
    Path broken = dir.resolve("no-scr.assembly");
    List<String> lines = Files.readAllLines(DIST.resolve("config/dev.assembly"));
    Files.write(
        broken,
        lines.stream()
            .filter(line -> !line.equals("org.apache.felix.scr.jar"))
            .collect(Collectors.toList()));

    assertThat(
            Main.execute(
                "assemble", "--from", broken.toString(), "--out", dir.resolve("node").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("needs osgi.extender osgi.component");
  }

  @Test
  void theAssembledDevNodeStartsWithItsBinScriptAndStopsCleanly() throws Exception {
    Path node = dir.resolve("dev-node");
    int exit =
        Main.execute(
            "assemble",
            "--from",
            DIST.resolve("config/dev.assembly").toString(),
            "--out",
            node.toString(),
            "--server-port",
            Integer.toString(freePort()),
            "--swarm-port",
            Integer.toString(freePort()));
    assertThat(exit).as("stderr: %s", err).isZero();

    Process process = new ProcessBuilder(node.resolve("bin/mero4j").toString(), "run").start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread pump = new Thread(() -> pump(process, lines), "node-stdout");
    pump.start();
    try {
      await("ready line")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  lines.stream().anyMatch(line -> line.startsWith("Mero4j node ready"))
                      || !process.isAlive());
      assertThat(lines)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("Mero4j node ready")
                      .contains("storage=memory")
                      .contains("transport=loopback")
                      .contains("wasm=chicory"));
      assertThat(node.resolve("home/config.toml")).exists();
    } finally {
      process.toHandle().destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      pump.join(10_000);
    }
    assertThat(lines).contains("Mero4j node stopped cleanly");
  }

  private static void pump(Process process, List<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      reader.lines().forEach(lines::add);
    } catch (IOException e) {
      lines.add("stdout closed: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
