package dev.mero4j.console.groovy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.console.groovy.internal.AttachProtocol;
import dev.mero4j.console.groovy.internal.ChannelStreams;
import dev.mero4j.console.groovy.internal.ScriptFrame;
import dev.mero4j.console.groovy.internal.ScriptFrameCodec;
import dev.mero4j.node.Mero4jNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running node with its attach socket, driven by {@link AttachClient} scripts. */
class AttachTest {
  @TempDir Path dir;
  Mero4jNode node;
  AttachServer server;
  Path home;

  @BeforeEach
  void start() throws Exception {
    home = dir.resolve("home");
    node = TestNodes.start(home);
    server = AttachServer.start(TestNodes.shell(node));
  }

  @AfterEach
  void stop() {
    server.close();
    node.close();
  }

  record Output(int code, String out, String err) {}

  Output attach(String script) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AttachClient.forHome(home)
            .script(
                "session.groovy",
                script,
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void scriptedSessionCreatesWritesInspectsSwapsTheEngineAndReadsBack() throws Exception {
    Path app = TestNodes.probeApp(dir);
    Output o =
        attach(
            """
        install('%s')
        def kv = create('abi-probe', [owner: 'ops'], 'kv')
        kv.call('set', [key: 'greeting', value: 'hello'])
        println "heads " + ctx('kv').dag().heads()
        println provider.swap('wasm', 'wasmtime')
        println "engine " + node.providers.wasm
        println "read " + ctx('kv').call('get', [key: 'greeting']).output
        """
                .formatted(app));
    assertThat(o.err).isEmpty();
    assertThat(o.code).isZero();
    String heads = node.contexts().orElseThrow().list().get(0).dagHeads().get(0).toBase58();
    assertThat(o.out)
        .contains("heads [" + heads + "]")
        .contains("wasm swapped chicory -> wasmtime live in")
        .contains("engine wasmtime")
        .contains("read hello");
    assertThat(node.status().orElseThrow().providers()).containsEntry("wasm", "wasmtime");
  }

  @Test
  void aFailingScriptExitsWithOneAndOneErrorLine() throws Exception {
    Output o =
        attach(
            "println 'ok so far'\nthrow new IllegalStateException('maintenance window closed')\n");
    assertThat(o.code).isEqualTo(1);
    assertThat(o.out).isEqualTo("ok so far\n");
    assertThat(o.err)
        .isEqualTo(
            "error: IllegalStateException: maintenance window closed (session.groovy line 2)\n");
  }

  @Test
  void socketIsOwnerOnlyAndWiderPermissionsAreRefused() throws Exception {
    Path socket = server.socket();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
        .isEqualTo("rwx------");
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThatThrownBy(() -> AttachClient.forHome(home))
        .isInstanceOf(AttachRefusedException.class)
        .hasMessageContaining("refusing to attach")
        .hasMessageContaining("rw-rw-rw-");
  }

  @Test
  void noRunningNodeIsAClearRefusal() {
    server.close();
    assertThatThrownBy(() -> AttachClient.forHome(home))
        .isInstanceOf(AttachRefusedException.class)
        .hasMessageContaining("no console socket at");
  }

  @Test
  void aSecondServerOnTheSameHomeIsRefused() {
    assertThatThrownBy(() -> AttachServer.start(TestNodes.shell(node)))
        .isInstanceOf(AttachRefusedException.class)
        .hasMessageContaining("another process already serves a console");
  }

  @Test
  void ctrlCFromTheClientInterruptsARunawayScriptAndTheNodeKeepsServing() throws Exception {
    Path marker = dir.resolve("spinning");
    byte[] script =
        ("new File('" + marker + "').text = 'x'\nwhile (true) { }\n")
            .getBytes(StandardCharsets.UTF_8);
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
      OutputStream toNode = ChannelStreams.output(channel);
      toNode.write(
          AttachProtocol.header(
                  AttachProtocol.SCRIPT,
                  Map.of("name", "spin.groovy", "bytes", Integer.toString(script.length)))
              .encode()
              .getBytes(StandardCharsets.UTF_8));
      toNode.write(script);
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
      toNode.write(AttachProtocol.INTERRUPT);
      InputStream fromNode = ChannelStreams.input(channel);
      StringBuilder err = new StringBuilder();
      ScriptFrame frame;
      while ((frame = ScriptFrameCodec.read(fromNode)).type() != ScriptFrame.Type.EXIT) {
        err.append(new String(frame.payload(), StandardCharsets.UTF_8));
      }
      assertThat(ScriptFrameCodec.exitCode(frame)).isEqualTo(1);
      assertThat(err.toString())
          .startsWith("error: InterruptedException")
          .contains("spin.groovy line 2");
    }
    assertThat(attach("println status()").out).contains("providers storage=mapdb");
  }
}
