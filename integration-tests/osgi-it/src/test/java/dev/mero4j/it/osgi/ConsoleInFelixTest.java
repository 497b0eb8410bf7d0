package dev.mero4j.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleSession;
import dev.mero4j.console.groovy.AttachClient;
import dev.mero4j.node.NodeHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The default assembly boots in Felix with its console bundles: scripts sent through the node's
 * owner-only attach socket install the kv-store, write and read a context, walk its DAG, swap the
 * WASM engine live, and call a console command that another bundle registered as a service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleInFelixTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Inject BundleContext context;

  @Configuration
  public Option[] config() throws IOException {
    Path dist = Path.of(System.getProperty("mero4j.dist"));
    Path home = Files.createTempDirectory("m4j-console");
    NodeHome.init(
        home, new NodeHome.InitOptions(0, 2528, "none", "chicory", true), new SecureRandom());
    Path config = home.resolve(NodeHome.CONFIG_FILE);
    Files.writeString(config, Files.readString(config).replace("port = 2528", "port = 0"));
    List<Option> options = new ArrayList<>();
    options.add(frameworkProperty("mero4j.home").value(home.toString()));
    options.add(systemProperty("mero4j.dist").value(dist.toString()));
    options.add(systemPackages("com.sun.net.httpserver", "jdk.net", "sun.misc", "sun.nio.ch"));
    for (String pax : List.of("localRepository", "repositories", "useFallbackRepositories")) {
      String key = "org.ops4j.pax.url.mvn." + pax;
      options.add(systemProperty(key).value(System.getProperty(key)));
    }
    for (String line : Files.readAllLines(dist.resolve("config/default.assembly"))) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#") && !name.contains("=")) {
        options.add(bundle(dist.resolve("lib").resolve(name).toUri().toString()));
      }
    }
    options.add(mavenBundle("org.hamcrest", "hamcrest", "2.2"));
    options.add(mavenBundle("org.awaitility", "awaitility", "4.3.0"));
    options.add(junitBundles());
    options.add(cleanCaches());
    return options.toArray(Option[]::new);
  }

  @Test
  public void aScriptThroughTheAttachSocketCallsAContextAndSwapsTheEngine() throws Exception {
    Path home = awaitSocket();
    Path app = Path.of(System.getProperty("mero4j.dist")).resolve("apps/kv-store.wasm");
    Output o =
        attach(
            home,
            """
            def app = install('%s')
            create(app, [:], 'kv')
            ctx('kv').call('set', [key: 'greeting', value: 'hello from felix'])
            ctx('kv').call('set', [key: 'second', value: 'write'])
            println 'get=' + ctx('kv').call('get', [key: 'greeting']).output
            def walked = []
            ctx('kv').dag().walk { d -> walked << d }
            println "walked=${walked.size()} head=${walked[0].id().toBase58() == ctx('kv').dag().heads()[0]}"
            println "root=${walked[-1].parents().isEmpty()}"
            println provider.swap('wasm', 'wasmtime')
            println 'after swap=' + ctx('kv').call('get', [key: 'second']).output
            """
                .formatted(app));
    assertEquals(o.err, 0, o.code);
    assertEquals("", o.err);
    assertTrue(o.out, o.out.contains("get=hello from felix"));
    // The two writes, newest first (creating a kv-store context writes no delta).
    assertTrue(o.out, o.out.contains("walked=2 head=true"));
    assertTrue(o.out, o.out.contains("root=true"));
    assertTrue(o.out, o.out.contains("wasm swapped chicory -> wasmtime live in"));
    assertTrue(o.out, o.out.contains("after swap=write"));
  }

  @Test
  public void aConsoleCommandAnotherBundleRegistersIsCallableAndGoesAwayWithIt() throws Exception {
    Path home = awaitSocket();
    ServiceRegistration<ConsoleCommand> registration =
        context.registerService(ConsoleCommand.class, new GreetCommand(), null);
    Output called;
    try {
      called = attach(home, "println greet('operator')\nprintln help()\n");
    } finally {
      registration.unregister();
    }
    assertEquals(called.err, 0, called.code);
    assertTrue(called.out, called.out.contains("hello operator from " + context.getBundle()));
    assertTrue(called.out, called.out.contains("greet('name')"));
    Output gone = attach(home, "greet('operator')\n");
    assertEquals(1, gone.code);
    assertTrue(gone.err, gone.err.startsWith("error: "));
    assertTrue(gone.err, gone.err.contains("greet"));
  }

  @Test
  public void anInteractiveSessionCompletesAContributedCommandWithTabAndRunsIt() throws Exception {
    Path home = awaitSocket();
    ServiceRegistration<ConsoleCommand> registration =
        context.registerService(ConsoleCommand.class, new GreetCommand(), null);
    try (SocketChannel channel =
        SocketChannel.open(UnixDomainSocketAddress.of(home.resolve("console/attach.sock")))) {
      StringBuffer screen = new StringBuffer();
      Thread reader = new Thread(() -> readInto(channel, screen), "console-screen");
      reader.setDaemon(true);
      reader.start();
      send(channel, "MERO4J-CONSOLE/1 interactive term=xterm cols=120 rows=40\n");
      Awaitility.await("prompt").atMost(TIMEOUT).until(() -> screen.indexOf("mero4j> ") >= 0);
      // Without the completion the line would read gree('tab') and fail as an unknown method.
      // The node's line reader completes the tab before it reads the keys after it.
      send(channel, "gree\t('tab')\r");
      Awaitility.await("command output: " + screen)
          .atMost(TIMEOUT)
          .until(() -> screen.indexOf("hello tab from ") >= 0);
      send(channel, "\u0004");
      Awaitility.await("session end").atMost(TIMEOUT).until(() -> !reader.isAlive());
    } finally {
      registration.unregister();
    }
  }

  private static void send(SocketChannel channel, String keys) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(keys.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Collects what the node's terminal prints until the session closes. */
  private static void readInto(SocketChannel channel, StringBuffer screen) {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        screen.append(StandardCharsets.UTF_8.decode(buffer));
        buffer.clear();
      }
    } catch (IOException e) {
      screen.append("<closed: ").append(e).append('>');
    }
  }

  @Test
  public void theSocketIsOwnerOnlyInsideTheFelixNode() throws Exception {
    Path socket = awaitSocket().resolve("console/attach.sock");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
  }

  /** Waits for the console bundle to open the node's socket; returns the node home. */
  private Path awaitSocket() {
    Path home = Path.of(context.getProperty("mero4j.home"));
    Awaitility.await("console socket in " + home)
        .atMost(TIMEOUT)
        .until(() -> Files.exists(home.resolve("console/attach.sock")));
    return home;
  }

  private record Output(int code, String out, String err) {}

  private static Output attach(Path home, String script) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AttachClient.forHome(home)
            .script(
                "felix.groovy",
                script,
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Output(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A console command contributed by the test probe, a bundle the console knows nothing about. */
  public static final class GreetCommand implements ConsoleCommand {
    @Override
    public String name() {
      return "greet";
    }

    @Override
    public String description() {
      return "greets from the test bundle";
    }

    @Override
    public String usage() {
      return "greet('name')";
    }

    @Override
    public Object execute(ConsoleSession session, List<Object> arguments) {
      return "hello "
          + arguments.get(0)
          + " from "
          + org.osgi.framework.FrameworkUtil.getBundle(GreetCommand.class);
    }
  }
}
