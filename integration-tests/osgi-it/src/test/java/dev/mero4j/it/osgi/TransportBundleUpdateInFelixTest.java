package dev.mero4j.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapJob;
import dev.mero4j.node.UnknownSwapJobException;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The node of the default assembly in Felix replicates a kv-store context with a second node over
 * libp2p on loopback; both write while the operator updates the libp2p bundle from its jar and
 * refreshes it. The node moves onto the new provider instance through transport swap jobs, with no
 * restart, and both nodes end with every acknowledged write and the same root.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransportBundleUpdateInFelixTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String LIBP2P = "dev.mero4j.transport.libp2p";
  private static final String KV_STORE = "mero4j.it.kvstore";

  @Inject BundleContext context;

  @Configuration
  public Option[] config() throws IOException {
    Path dist = Path.of(System.getProperty("mero4j.dist"));
    Path home = Files.createTempDirectory("mero4j-osgi-tswap");
    // A fixed swarm port: the peer redials this node where it listened before the update.
    NodeHome.init(
        home,
        new NodeHome.InitOptions(freePort(), 2528, "libp2p", "chicory", true),
        new SecureRandom());
    local(home.resolve(NodeHome.CONFIG_FILE));
    List<Option> options = new ArrayList<>();
    options.add(frameworkProperty("mero4j.home").value(home.toString()));
    options.add(systemProperty(KV_STORE).value(System.getProperty(KV_STORE)));
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

  /** Loopback only, no HTTP port clash, no mDNS (the two nodes meet by dialling). */
  private static void local(Path config) throws IOException {
    Files.writeString(
        config,
        Files.readString(config)
            .replace("port = 2528", "port = 0")
            .replace("/ip4/0.0.0.0/", "/ip4/127.0.0.1/")
            .replaceFirst("(?m)^mdns = true", "mdns = false"));
  }

  @Test
  public void anUpdatedAndRefreshedLibp2pBundleIsSwappedInLiveAndLosesNoWrite() throws Exception {
    Mero4jNode a = awaitNode();
    long nodeService = serviceId(context.getServiceReference(Mero4jNode.class));
    Bundle libp2p = installed(LIBP2P);
    TransportProvider before = a.providers().transports().get("libp2p");
    try (Mero4jNode b = peer(a)) {
      String bAddress =
          b.status().orElseThrow().addresses().stream()
              .filter(x -> x.startsWith("/ip4/127.0.0.1/"))
              .findFirst()
              .orElseThrow();
      a.transport().orElseThrow().dial(bAddress).toCompletableFuture().get(1, TimeUnit.MINUTES);
      ContextService onA = a.contexts().orElseThrow();
      var app =
          a.applications()
              .orElseThrow()
              .install(Files.readAllBytes(Path.of(System.getProperty(KV_STORE))), "kv");
      ContextId ctx = onA.create(app.id(), "{}").contextId();
      ContextService onB = b.contexts().orElseThrow();
      onB.join(onA.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));

      ProviderSwapInFelixTest.Writers writesOnA =
          new ProviderSwapInFelixTest.Writers(onA, ctx, "a");
      ProviderSwapInFelixTest.Writers writesOnB =
          new ProviderSwapInFelixTest.Writers(onB, ctx, "b");
      List<String> seen = new ArrayList<>();
      try {
        awaitMore(writesOnA, writesOnB);
        PhaseSampler sampler = new PhaseSampler(a);
        // What an operator types in the console: Bundle.update() reads the jar again from the
        // bundle's location, then a refresh drops the old revision.
        Object said = updateBundle().execute(null, List.of(LIBP2P));
        assertTrue(String.valueOf(said), String.valueOf(said).contains("state active"));
        TransportProvider current = service(TransportProvider.class, "libp2p");
        assertNotSame("the refresh made a new provider instance", before, current);
        assertSame(
            "the new instance comes from the bundle's current revision",
            libp2p.adapt(BundleWiring.class).getClassLoader(),
            current.getClass().getClassLoader());
        Awaitility.await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    onCurrent(a, current) && jobs(a).stream().allMatch(j -> j.phase().finished()));
        seen.addAll(sampler.stop());
        List<SwapJob> jobs = jobs(a);
        assertFalse("the bundle update started no swap job", jobs.isEmpty());
        // Bundle.update() restarts the bundle and the refresh restarts it again: a job for the
        // intermediate instance may see it go mid-swap. It ends SUPERSEDED (nothing rolled back)
        // and the job for the final instance finishes DONE; no job fails.
        for (SwapJob job : jobs) {
          assertEquals(job.toString(), "transport", job.capability());
          assertEquals(job.toString(), "libp2p", job.from());
          assertEquals(job.toString(), "libp2p", job.to());
          assertTrue(job.toString(), job.errorType().isEmpty());
          if (job.phase() == SwapJob.Phase.SUPERSEDED) {
            assertTrue(job.toString(), job.error().orElse("").contains("went away"));
            continue;
          }
          assertEquals(job.toString(), SwapJob.Phase.DONE, job.phase());
          assertEquals("a finished transport job counts its 4 phases: " + job, 4, job.total());
          assertEquals("a finished transport job counts its 4 phases: " + job, 4, job.done());
        }
        SwapJob last = jobs.get(jobs.size() - 1);
        assertEquals(
            "the last job ends on the current instance: " + jobs, SwapJob.Phase.DONE, last.phase());
        assertTrue(
            "phases reported while the swap ran: " + seen,
            seen.stream()
                .anyMatch(
                    p ->
                        p.contains("SWITCHING")
                            || p.contains("RECONNECTING")
                            || p.contains("RESYNCING")
                            || p.contains("DRAINING")));
        Awaitility.await()
            .atMost(TIMEOUT)
            .until(() -> a.transport().orElseThrow().connectedPeers().contains(peerId(b)));
        awaitMore(writesOnA, writesOnB);
      } finally {
        writesOnA.close();
        writesOnB.close();
      }
      assertTrue("failed writes on A: " + writesOnA.failures, writesOnA.failures.isEmpty());
      assertTrue("failed writes on B: " + writesOnB.failures, writesOnB.failures.isEmpty());
      Awaitility.await("both nodes reach the same root; phases " + seen)
          .atMost(TIMEOUT)
          .until(
              () ->
                  a.replicator()
                      .orElseThrow()
                      .status(ctx)
                      .rootHash()
                      .equals(b.replicator().orElseThrow().status(ctx).rootHash()));
      for (ContextService node : List.of(onA, onB)) {
        assertEvery(node, ctx, writesOnA);
        assertEvery(node, ctx, writesOnB);
      }
    }
    try {
      updateBundle().execute(null, List.of("dev.mero4j.transport.api"));
      fail("refreshing the transport API would restart the node, yet the console did it");
    } catch (ConsoleException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("update it with a node restart"));
    }
    assertSame("the node was not restarted", a, awaitNode());
    assertEquals(nodeService, serviceId(context.getServiceReference(Mero4jNode.class)));
    assertEquals(Bundle.ACTIVE, installed("dev.mero4j.node").getState());
    assertEquals("libp2p", a.status().orElseThrow().providers().get("transport"));
  }

  /** Whether the node runs on {@code current}: a swap to it is refused as already active. */
  private static boolean onCurrent(Mero4jNode node, TransportProvider current) {
    if (node.providers().transports().get("libp2p") != current) {
      return false;
    }
    try {
      node.swapProvider("transport", "libp2p");
      fail("the node still ran a replaced libp2p instance: a swap to the current one started");
      return false;
    } catch (ProviderAlreadyActiveException e) {
      return true;
    } catch (dev.mero4j.node.SwapInProgressException e) {
      return false;
    }
  }

  private static List<SwapJob> jobs(Mero4jNode node) {
    List<SwapJob> jobs = new ArrayList<>();
    for (int i = 1; ; i++) {
      try {
        jobs.add(node.swapJob("swap-" + i));
      } catch (UnknownSwapJobException e) {
        return jobs;
      }
    }
  }

  /** Records each distinct job state (id, phase, done/total) the node reports, every 5 ms. */
  private static final class PhaseSampler {
    private final List<String> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    PhaseSampler(Mero4jNode node) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  for (SwapJob j : jobs(node)) {
                    String state = j.id() + " " + j.phase() + " " + j.done() + "/" + j.total();
                    synchronized (seen) {
                      if (!seen.contains(state)) {
                        seen.add(state);
                      }
                    }
                  }
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "phase-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    List<String> stop() throws InterruptedException {
      running = false;
      thread.join();
      synchronized (seen) {
        return List.copyOf(seen);
      }
    }
  }

  private ConsoleCommand updateBundle() throws Exception {
    for (ServiceReference<ConsoleCommand> ref :
        context.getServiceReferences(ConsoleCommand.class, null)) {
      ConsoleCommand command = context.getService(ref);
      if ("updateBundle".equals(command.name())) {
        return command;
      }
    }
    throw new AssertionError("no updateBundle console command");
  }

  /**
   * The second node, in this framework but on its own copy of the libp2p bundle (another symbolic
   * name, no component), so the update of the first node's transport bundle does not touch it.
   */
  private Mero4jNode peer(Mero4jNode a) throws Exception {
    Bundle copy = context.installBundle("peer:" + LIBP2P, peerCopy(installed(LIBP2P)));
    copy.start();
    TransportProvider transport =
        (TransportProvider)
            copy.loadClass(LIBP2P + ".Libp2pTransportProvider").getConstructor().newInstance();
    Path dir = Files.createTempDirectory("mero4j-osgi-tswap-peer");
    NodeHome home =
        NodeHome.init(
            dir, new NodeHome.InitOptions(0, 0, "libp2p", "chicory", true), new SecureRandom());
    local(home.configFile());
    NodeConfig config = home.loadConfig();
    Mero4jNode b =
        new Mero4jNode(
            home,
            config,
            home.loadIdentity(config),
            new ProviderSet(
                Map.of("mapdb", service(StorageProvider.class, "mapdb")),
                Map.of("libp2p", transport),
                Map.of("chicory", service(WasmEngine.class, "chicory"))));
    b.start();
    assertNotSame(a, b);
    return b;
  }

  /**
   * The bundle's jar under another symbolic name and without its Declarative Services component.
   */
  private static InputStream peerCopy(Bundle bundle) throws IOException {
    Path jar = Path.of(URI.create(bundle.getLocation()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
      Manifest manifest = in.getManifest();
      Attributes main = manifest.getMainAttributes();
      main.putValue("Bundle-SymbolicName", "dev.mero4j.it.peer.libp2p");
      main.remove(new Attributes.Name("Service-Component"));
      main.remove(new Attributes.Name("Provide-Capability"));
      try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
        for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
          out.putNextEntry(new JarEntry(entry.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  private static void awaitMore(ProviderSwapInFelixTest.Writers... writers) {
    for (ProviderSwapInFelixTest.Writers w : writers) {
      int now = w.acknowledged.size();
      Awaitility.await().atMost(TIMEOUT).until(() -> w.acknowledged.size() > now + 20);
    }
  }

  private static void assertEvery(
      ContextService contexts, ContextId ctx, ProviderSwapInFelixTest.Writers writers) {
    assertTrue(writers.acknowledged.size() > 40);
    for (String key : writers.acknowledged) {
      String value =
          contexts.execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty()).outputJson();
      assertEquals(key, "\"v" + key.substring(key.indexOf('-') + 1) + "\"", value);
    }
  }

  private static dev.mero4j.transport.api.PeerId peerId(Mero4jNode node) {
    return node.transport().orElseThrow().localPeer().id();
  }

  private Mero4jNode awaitNode() {
    return Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              ServiceReference<Mero4jNode> ref = context.getServiceReference(Mero4jNode.class);
              return ref == null ? null : context.getService(ref);
            },
            n -> n != null && n.status().isPresent());
  }

  private static long serviceId(ServiceReference<?> ref) {
    assertNotNull(ref);
    return (Long) ref.getProperty("service.id");
  }

  private <T> T service(Class<T> type, String provider) throws Exception {
    ServiceReference<T> ref =
        context.getServiceReferences(type, "(mero4j.provider=" + provider + ")").stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + provider));
    return context.getService(ref);
  }

  private Bundle installed(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
        return b;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
