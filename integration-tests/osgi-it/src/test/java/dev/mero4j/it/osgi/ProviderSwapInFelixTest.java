package dev.mero4j.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.SwapJob;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.wasm.api.WasmEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The real bundles in Felix, running the kv-store under concurrent writers while the node swaps
 * MapDB for RocksDB, Chicory for Wasmtime, then updates the Chicory bundle to a new version and
 * swaps to it; every acknowledged write reads back and the root hash survives a node restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderSwapInFelixTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String KV_STORE = "mero4j.it.kvstore";

  @Inject BundleContext context;

  @Configuration
  public Option[] config() throws IOException {
    Path dist = Path.of(System.getProperty("mero4j.dist"));
    Path home = Files.createTempDirectory("mero4j-osgi-swap");
    NodeHome.init(
        home, new NodeHome.InitOptions(1, 2528, "none", "chicory", true), new SecureRandom());
    Path config = home.resolve(NodeHome.CONFIG_FILE);
    Files.writeString(config, Files.readString(config).replace("port = 2528", "port = 0"));
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
    // The shipped default assembly deploys RocksDB and Wasmtime next to the active MapDB and
    // Chicory.
    options.add(mavenBundle("org.hamcrest", "hamcrest", "2.2"));
    options.add(mavenBundle("org.awaitility", "awaitility", "4.3.0"));
    options.add(junitBundles());
    options.add(cleanCaches());
    return options.toArray(Option[]::new);
  }

  @Test
  public void storageAndEngineSwapsAndABundleUpdateUnderLoadLoseNoWrite() throws Exception {
    Mero4jNode node = awaitNode();
    ContextService contexts = node.contexts().orElseThrow();
    var app =
        node.applications()
            .orElseThrow()
            .install(Files.readAllBytes(Path.of(System.getProperty(KV_STORE))), "kv");
    ContextId ctx = contexts.create(app.id(), "{}").contextId();

    Writers writers = new Writers(contexts, ctx);
    try {
      swap(node, writers, "storage", "rocksdb");
      assertEquals(
          "the published provider follows the swap",
          "rocksdb",
          stateProperty("mero4j.node.provider.storage"));
      swap(node, writers, "wasm", "wasmtime");
      assertEquals("wasmtime", node.status().orElseThrow().providers().get("wasm"));

      Bundle oldChicory = installed("dev.mero4j.wasm.chicory");
      WasmEngine oldEngine = node.providers().wasmEngines().get("chicory");
      Bundle newChicory =
          context.installBundle(
              "updated:dev.mero4j.wasm.chicory", withVersion(oldChicory, "0.1.1"));
      newChicory.start();
      Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> node.providers().wasmEngines().get("chicory") != oldEngine);
      swap(node, writers, "wasm", "chicory");
      oldChicory.uninstall();
      WasmEngine active = node.providers().wasmEngines().get("chicory");
      assertNotSame(oldEngine, active);
      assertEquals(new Version(0, 1, 1), FrameworkUtil.getBundle(active.getClass()).getVersion());
      int acked = writers.acknowledged.size();
      Awaitility.await().atMost(TIMEOUT).until(() -> writers.acknowledged.size() > acked + 20);
    } finally {
      writers.close();
    }
    assertTrue("failed writes: " + writers.failures, writers.failures.isEmpty());
    Hash root = contexts.get(ctx).orElseThrow().rootHash();
    assertEveryWrite(contexts, ctx, writers);

    Bundle nodeBundle = installed("dev.mero4j.node");
    nodeBundle.stop();
    nodeBundle.start();
    Mero4jNode restarted = awaitNode();
    assertEquals("rocksdb", restarted.status().orElseThrow().providers().get("storage"));
    ContextService after = restarted.contexts().orElseThrow();
    assertEquals(root, after.get(ctx).orElseThrow().rootHash());
    assertEveryWrite(after, ctx, writers);
  }

  private Object stateProperty(String key) throws Exception {
    ServiceReference<?>[] refs =
        context.getServiceReferences((String) null, "(mero4j.node.state=ready)");
    assertNotNull("no ready node component", refs);
    return refs[0].getProperty(key);
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

  private static void swap(Mero4jNode node, Writers writers, String capability, String to) {
    int before = writers.acknowledged.size();
    Awaitility.await().atMost(TIMEOUT).until(() -> writers.acknowledged.size() > before + 20);
    String id = node.swapProvider(capability, to).id();
    SwapJob job =
        Awaitility.await().atMost(TIMEOUT).until(() -> node.swapJob(id), j -> j.phase().finished());
    assertEquals(job.toString(), SwapJob.Phase.DONE, job.phase());
  }

  private static void assertEveryWrite(ContextService contexts, ContextId ctx, Writers writers) {
    assertTrue(writers.acknowledged.size() > 60);
    for (String key : writers.acknowledged) {
      String value =
          contexts.execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty()).outputJson();
      assertNotNull(key, value);
      assertTrue(key + " -> " + value, value.contains("v" + key.substring(key.indexOf('-') + 1)));
    }
  }

  private Bundle installed(String symbolicName) {
    for (Bundle b : context.getBundles()) {
      if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
        return b;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }

  /** The jar of {@code bundle} with another Bundle-Version: a new release of the same provider. */
  private static InputStream withVersion(Bundle bundle, String version) throws IOException {
    Path jar = Path.of(java.net.URI.create(bundle.getLocation()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
      Manifest manifest = in.getManifest();
      manifest.getMainAttributes().putValue("Bundle-Version", version);
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

  /** Three kv-store writers setting unique keys until closed. */
  static final class Writers implements AutoCloseable {
    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Writers(ContextService contexts, ContextId ctx) {
      this(contexts, ctx, "");
    }

    /** Writers whose keys start with {@code node}, so that two nodes' writers never collide. */
    Writers(ContextService contexts, ContextId ctx, String node) {
      for (int w = 0; w < 3; w++) {
        String prefix = node + "w" + w + "-";
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    try {
                      contexts.execute(
                          ctx,
                          "set",
                          "{\"key\":\"" + prefix + i + "\",\"value\":\"v" + i + "\"}",
                          Optional.empty());
                      acknowledged.add(prefix + i);
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }
                });
        threads.add(thread);
        thread.start();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}
