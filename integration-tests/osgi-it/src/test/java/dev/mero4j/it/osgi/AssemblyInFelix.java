package dev.mero4j.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
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
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.tck.StorageEngineContractTest;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmLimits;
import dev.mero4j.wasm.tck.HostileModuleContract;
import dev.mero4j.wasm.tck.RustModuleContract;
import dev.mero4j.wasm.tck.WasmEngineContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The in-framework matrix: one shipped assembly booted in Felix (once per subclass), the storage
 * and WASM TCKs run inside the framework against the providers the assembly chose, a kv-store
 * context written and read back through the node the assembly started, and the node's storage
 * swapped to another provider under concurrent writes and back.
 */
public abstract class AssemblyInFelix {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String ASSEMBLY = "mero4j.it.assembly";
  private static final String SWAP_TARGET = "mero4j.it.swap";

  @Inject BundleContext context;

  /**
   * The options booting {@code name}.assembly from the distribution: its bundles, a node home with
   * its provider choices, and the JUnit 5 platform and TCK bundles the in-framework run needs.
   */
  static Option[] options(String name, String swapTarget) throws IOException {
    // Each assembly swaps to a provider at least as fast as its own: a migration from in-memory
    // storage to MapDB under these unthrottled writers stayed in its catch-up phase for minutes.
    Path dist = Path.of(System.getProperty("mero4j.dist"));
    Path assembly = dist.resolve("config/" + name + ".assembly");
    Map<String, String> providers = new LinkedHashMap<>();
    List<Option> options = new ArrayList<>();
    for (String line : Files.readAllLines(assembly)) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      if (entry.contains("=")) {
        String[] choice = entry.split("=");
        providers.put(choice[0].strip(), choice[1].strip());
      } else {
        options.add(bundle(dist.resolve("lib").resolve(entry).toUri().toString()));
      }
    }
    Path home = Files.createTempDirectory("mero4j-matrix-" + name);
    NodeHome.init(
        home,
        new NodeHome.InitOptions(
            freePort(), 2528, providers.get("transport"), providers.get("wasm"), true),
        new SecureRandom());
    Path config = home.resolve(NodeHome.CONFIG_FILE);
    Files.writeString(
        config,
        Files.readString(config)
            .replace("port = 2528", "port = 0")
            .replace("provider = \"mapdb\"", "provider = \"" + providers.get("storage") + "\""));
    // The storage provider the swap test moves the node to is deployed next to the assembly's own.
    options.add(
        bundle(dist.resolve("lib/mero4j-storage-" + swapTarget + ".jar").toUri().toString()));
    options.add(systemProperty(SWAP_TARGET).value(swapTarget));
    options.add(frameworkProperty("mero4j.home").value(home.toString()));
    options.add(
        systemProperty(ASSEMBLY)
            .value(
                name
                    + " "
                    + providers.get("storage")
                    + " "
                    + providers.get("wasm")
                    + " "
                    + providers.get("transport")));
    options.add(systemProperty("mero4j.dist").value(dist.toString()));
    options.add(systemPackages("com.sun.net.httpserver", "jdk.net", "sun.misc", "sun.nio.ch"));
    for (String pax : List.of("localRepository", "repositories", "useFallbackRepositories")) {
      String key = "org.ops4j.pax.url.mvn." + pax;
      options.add(systemProperty(key).value(System.getProperty(key)));
    }
    for (Class<?> anchor :
        List.of(
            org.opentest4j.AssertionFailedError.class,
            org.apiguardian.api.API.class,
            org.junit.platform.commons.util.ReflectionUtils.class,
            org.junit.platform.engine.TestEngine.class,
            org.junit.platform.launcher.Launcher.class,
            org.junit.jupiter.api.Test.class,
            org.junit.jupiter.engine.JupiterTestEngine.class,
            net.bytebuddy.ByteBuddy.class,
            org.assertj.core.api.Assertions.class,
            org.awaitility.Awaitility.class)) {
      options.add(bundle(TckBundle.codeSource(anchor).toUri().toString()));
    }
    options.add(mavenBundle("org.hamcrest", "hamcrest", "2.2"));
    Path tcks = home.resolveSibling(home.getFileName() + "-tck");
    // jqwik is not a bundle: its API and engine travel inside the storage TCK bundle that needs
    // them.
    options.add(
        bundle(
            TckBundle.of(
                    "dev.mero4j.it.storage.tck",
                    tcks,
                    StorageEngineContractTest.class,
                    net.jqwik.api.Arbitraries.class,
                    net.jqwik.engine.JqwikTestEngine.class)
                .toUri()
                .toString()));
    options.add(
        bundle(
            TckBundle.of("dev.mero4j.it.wasm.tck", tcks, WasmEngineContract.class)
                .toUri()
                .toString()));
    options.add(junitBundles());
    options.add(cleanCaches());
    return options.toArray(Option[]::new);
  }

  @Test
  public void theNodeRunsOnTheProvidersTheAssemblyChose() {
    Map<String, String> active = awaitNode().status().orElseThrow().providers();
    assertEquals(storage(), active.get("storage"));
    assertEquals(wasm(), active.get("wasm"));
    assertEquals(choice(3), active.get("transport"));
  }

  @Test
  public void storageTckPassesInsideTheFrameworkOnTheChosenProvider() {
    awaitNode();
    StorageProvider provider = service(StorageProvider.class, storage());
    assertEquals(storage(), provider.name());
    StorageContract.provider = provider;
    TestExecutionSummary summary = InFrameworkTck.run(StorageContract.class);
    // A provider that keeps nothing across open skips the reopen tests by assumption.
    assertPassed(summary, 20, new StorageContract().durable() ? 0 : 2);
  }

  @Test
  public void wasmTckPassesInsideTheFrameworkOnTheChosenEngine() {
    awaitNode();
    WasmEngine engine = service(WasmEngine.class, wasm());
    // The TCK closes its engine after the class; the node keeps using the service, so it gets a
    // view.
    Unclosable.engine = new Unclosable(engine);
    TestExecutionSummary summary =
        InFrameworkTck.run(EngineContract.class, RustContract.class, HostileContract.class);
    assertPassed(summary, 30, 0);
  }

  @Test
  public void aKvStoreContextWritesAndReadsBackThroughTheNode() throws IOException {
    Mero4jNode node = awaitNode();
    byte[] wasm =
        Files.readAllBytes(
            Path.of(System.getProperty("mero4j.dist")).resolve("apps/kv-store.wasm"));
    var app = node.applications().orElseThrow().install(wasm, "kv-store.wasm");
    ContextService contexts = node.contexts().orElseThrow();
    ContextId ctx = contexts.create(app.id(), "{}").contextId();
    for (int i = 0; i < 50; i++) {
      contexts.execute(
          ctx, "set", "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}", Optional.empty());
    }
    Hash root = contexts.get(ctx).orElseThrow().rootHash();
    for (int i = 0; i < 50; i++) {
      assertEquals(
          "\"v" + i + "\"",
          contexts.execute(ctx, "get", "{\"key\":\"k" + i + "\"}", Optional.empty()).outputJson());
    }
    assertEquals("reads changed the root hash", root, contexts.get(ctx).orElseThrow().rootHash());
    assertTrue(
        contexts
            .execute(ctx, "entries", "{}", Optional.empty())
            .outputJson()
            .contains("\"k49\":\"v49\""));
  }

  @Test
  public void aKvStoreContextSurvivesAStorageSwapUnderConcurrentWritesAndASwapBack()
      throws Exception {
    Mero4jNode node = awaitNode();
    byte[] wasm =
        Files.readAllBytes(
            Path.of(System.getProperty("mero4j.dist")).resolve("apps/kv-store.wasm"));
    ContextService contexts = node.contexts().orElseThrow();
    ContextId ctx =
        contexts
            .create(node.applications().orElseThrow().install(wasm, "kv-store.wasm").id(), "{}")
            .contextId();
    ProviderSwapInFelixTest.Writers writers = new ProviderSwapInFelixTest.Writers(contexts, ctx);
    try {
      int before = writers.acknowledged.size();
      Awaitility.await().atMost(TIMEOUT).until(() -> writers.acknowledged.size() > before + 20);
      swap(node, System.getProperty(SWAP_TARGET));
      int during = writers.acknowledged.size();
      Awaitility.await().atMost(TIMEOUT).until(() -> writers.acknowledged.size() > during + 20);
    } finally {
      writers.close();
    }
    assertTrue("failed writes: " + writers.failures, writers.failures.isEmpty());
    Hash root = contexts.get(ctx).orElseThrow().rootHash();
    swap(node, storage());
    assertEquals(storage(), node.status().orElseThrow().providers().get("storage"));
    assertEquals(
        "the swap back changed the root hash", root, contexts.get(ctx).orElseThrow().rootHash());
    for (String key : writers.acknowledged) {
      String value =
          contexts.execute(ctx, "get", "{\"key\":\"" + key + "\"}", Optional.empty()).outputJson();
      assertEquals(key, "\"v" + key.substring(key.indexOf('-') + 1) + "\"", value);
    }
  }

  private static void swap(Mero4jNode node, String storage) {
    String id = node.swapProvider("storage", storage).id();
    SwapJob job =
        Awaitility.await().atMost(TIMEOUT).until(() -> node.swapJob(id), j -> j.phase().finished());
    assertEquals(job.toString(), SwapJob.Phase.DONE, job.phase());
    assertEquals(storage, node.status().orElseThrow().providers().get("storage"));
  }

  private static void assertPassed(TestExecutionSummary summary, int atLeast, int aborted) {
    String report = InFrameworkTck.describe(summary);
    assertEquals(report, 0, summary.getTotalFailureCount());
    assertEquals(
        "aborted (skipped by an assumption): " + report, aborted, summary.getTestsAbortedCount());
    assertTrue("too few TCK tests ran: " + report, summary.getTestsSucceededCount() >= atLeast);
  }

  private Mero4jNode awaitNode() {
    return Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              ServiceReference<Mero4jNode> ref = context.getServiceReference(Mero4jNode.class);
              return ref == null ? null : context.getService(ref);
            },
            node -> node != null && node.status().isPresent());
  }

  private <T> T service(Class<T> type, String provider) {
    ServiceReference<T> ref;
    try {
      ref =
          context.getServiceReferences(type, "(mero4j.provider=" + provider + ")").stream()
              .findFirst()
              .orElse(null);
    } catch (org.osgi.framework.InvalidSyntaxException e) {
      throw new IllegalArgumentException(e);
    }
    assertNotNull("no " + type.getSimpleName() + " service named " + provider, ref);
    return context.getService(ref);
  }

  private static String storage() {
    return choice(1);
  }

  private static String wasm() {
    return choice(2);
  }

  /** Field {@code index} of the assembly description: name, storage, wasm, transport. */
  private static String choice(int index) {
    return System.getProperty(ASSEMBLY).split(" ")[index];
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The storage TCK on the framework's provider service. */
  public static class StorageContract extends StorageEngineContractTest {
    static volatile StorageProvider provider;

    @Override
    protected StorageProvider provider() {
      return provider;
    }

    @Override
    protected boolean durable() {
      return !"memory".equals(provider.name());
    }
  }

  /** The functional WASM TCK on the framework's engine service. */
  public static class EngineContract extends WasmEngineContract {
    @Override
    protected WasmEngine createEngine() {
      return Unclosable.engine;
    }
  }

  /** The Rust app WASM TCK on the framework's engine service. */
  public static class RustContract extends RustModuleContract {
    @Override
    protected WasmEngine createEngine() {
      return Unclosable.engine;
    }
  }

  /** The hostile-module WASM TCK on the framework's engine service. */
  public static class HostileContract extends HostileModuleContract {
    @Override
    protected WasmEngine createEngine() {
      return Unclosable.engine;
    }
  }

  /** A view of an engine service without its {@link AutoCloseable} side. */
  record Unclosable(WasmEngine delegate) implements WasmEngine {
    static volatile WasmEngine engine;

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Availability availability() {
      return delegate.availability();
    }

    @Override
    public CompiledModule compile(byte[] wasm, WasmLimits limits) {
      return delegate.compile(wasm, limits);
    }
  }
}
