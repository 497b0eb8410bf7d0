package dev.mero4j.it.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle jars of the default assembly are also JPMS modules: every Mero4j jar has a real module
 * descriptor, and the node runs on the plain module path (no OSGi) with the default providers found
 * by {@link java.util.ServiceLoader}.
 */
class ModulePathTest {
  private static final Path DIST = Path.of(System.getProperty("mero4j.dist")).toAbsolutePath();

  /**
   * Third-party jars of the default assembly that have no module descriptor, each with its reason.
   * A jar joining or leaving this list fails the test, so the gap in docs/providers.md stays true.
   */
  private static final Map<String, String> KNOWN_AUTOMATIC =
      Map.of(
          "org.osgi.util.function",
              "OSGi API bundle without module-info; only used inside the framework",
          "org.osgi.util.promise",
              "OSGi API bundle without module-info; only used inside the framework",
          "org.osgi.service.component",
              "OSGi API bundle without module-info; only used inside the framework",
          "org.apache.felix.scr", "Declarative Services runtime; only used inside the framework",
          "org.apache.groovy", "the console's Groovy, shipped without module-info",
          "org.jline", "the console's JLine, shipped without module-info");

  /** The console reads Groovy and JLine, so on the module path the node runs without it. */
  private static final String CONSOLE = "dev.mero4j.console.groovy";

  @TempDir Path dir;

  @Test
  void everyMero4jJarIsAnExplicitModuleAndOnlyKnownThirdPartyJarsAreAutomatic() {
    Map<String, ModuleDescriptor> modules = modules(assemblyJars());
    List<String> mero4j =
        modules.keySet().stream()
            .filter(name -> name.startsWith("dev.mero4j."))
            .collect(Collectors.toList());
    assertThat(mero4j)
        .contains(
            "dev.mero4j.node",
            "dev.mero4j.runtime",
            "dev.mero4j.storage.mapdb",
            "dev.mero4j.wasm.chicory",
            "dev.mero4j.transport.libp2p");
    for (String name : mero4j) {
      assertThat(modules.get(name).isAutomatic()).as(name + " has no module-info").isFalse();
    }
    Map<String, Boolean> automatic = new TreeMap<>();
    modules.forEach(
        (name, descriptor) -> {
          if (descriptor.isAutomatic()) {
            automatic.put(name, true);
          }
        });
    assertThat(automatic.keySet()).containsExactlyInAnyOrderElementsOf(KNOWN_AUTOMATIC.keySet());
  }

  @Test
  void everyProviderInTheDistributionIsAnExplicitModuleThatProvidesItsService() throws IOException {
    Map<String, String> services =
        Map.of(
            "storage", "dev.mero4j.storage.api.StorageProvider",
            "wasm", "dev.mero4j.wasm.api.WasmEngine",
            "transport", "dev.mero4j.transport.api.TransportProvider");
    List<Path> providers;
    try (Stream<Path> lib = Files.list(DIST.resolve("lib"))) {
      providers =
          lib.filter(
                  jar ->
                      jar.getFileName()
                          .toString()
                          .matches("mero4j-(storage|wasm|transport)-.*\\.jar"))
              .filter(jar -> !jar.getFileName().toString().matches(".*-(api|tck|metering)\\.jar"))
              .collect(Collectors.toList());
    }
    assertThat(providers)
        .extracting(jar -> jar.getFileName().toString())
        .contains(
            "mero4j-storage-mapdb.jar",
            "mero4j-storage-rocksdb.jar",
            "mero4j-storage-memory.jar",
            "mero4j-wasm-chicory.jar",
            "mero4j-transport-libp2p.jar",
            "mero4j-transport-loopback.jar");
    for (Map.Entry<String, ModuleDescriptor> module : modules(providers).entrySet()) {
      String capability = module.getKey().split("\\.")[2];
      assertThat(module.getValue().isAutomatic())
          .as(module.getKey() + " has no module-info")
          .isFalse();
      assertThat(provides(module.getValue()))
          .as(module.getKey())
          .containsExactly(services.get(capability));
    }
    // On the class path (the plain launcher) the same jars register through META-INF/services.
    for (Path jar : providers) {
      String capability = jar.getFileName().toString().split("-")[1];
      try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
        java.util.jar.JarEntry entry =
            file.getJarEntry("META-INF/services/" + services.get(capability));
        assertThat(entry)
            .as(jar.getFileName() + " registers no " + services.get(capability))
            .isNotNull();
        assertThat(
                new String(
                    file.getInputStream(entry).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8))
            .as(jar.getFileName().toString())
            .contains("dev.mero4j." + capability + ".");
      }
    }
  }

  @Test
  void theNodeRunsOnTheModulePathAndAKvStoreCallReadsBackItsWrite() throws Exception {
    List<Path> modulePath = new ArrayList<>();
    modulePath.add(Path.of(System.getProperty("mero4j.smoke.module")));
    // Without a framework the node needs none of the framework-only jars, so the module path it
    // runs on holds explicit modules only.
    modulePath.addAll(
        assemblyJars().stream()
            .filter(
                jar ->
                    !KNOWN_AUTOMATIC.containsKey(moduleName(jar))
                        && !CONSOLE.equals(moduleName(jar)))
            .collect(Collectors.toList()));
    assertThat(modules(modulePath).values())
        .as("automatic modules on the module path")
        .noneMatch(ModuleDescriptor::isAutomatic);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                modulePath.stream()
                    .map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)),
                "--add-modules",
                "ALL-MODULE-PATH"));
    // Jars a bundle embeds on its Bundle-ClassPath are invisible to the module system: they go on
    // the
    // class path and the embedding module reads the unnamed module (a known gap,
    // docs/providers.md).
    List<Path> classPath = new ArrayList<>();
    for (Path jar : assemblyJars()) {
      List<Path> embedded = EmbeddedJars.extract(jar, dir.resolve("embedded"));
      if (!embedded.isEmpty()) {
        classPath.addAll(embedded);
        command.addAll(
            List.of(
                "--add-reads", modules(List.of(jar)).keySet().iterator().next() + "=ALL-UNNAMED"));
      }
    }
    // The Wasmtime provider embeds slf4j's API, whose binder lookup finds the server's slf4j
    // binding
    // on the class path: the module must read the unnamed module too (docs/providers.md).
    if (assemblyJars().stream()
        .anyMatch(jar -> jar.getFileName().toString().equals("mero4j-wasm-wasmtime.jar"))) {
      command.addAll(List.of("--add-reads", "dev.mero4j.wasm.wasmtime=ALL-UNNAMED"));
    }
    if (!classPath.isEmpty()) {
      command.addAll(
          List.of(
              "--class-path",
              classPath.stream()
                  .map(Path::toString)
                  .collect(Collectors.joining(File.pathSeparator))));
    }
    command.addAll(
        List.of(
            "--module",
            "dev.mero4j.it.jpms/dev.mero4j.it.jpms.JpmsSmoke",
            dir.resolve("home").toString(),
            DIST.resolve("apps/kv-store.wasm").toString(),
            Integer.toString(freePort()),
            Integer.toString(freePort())));
    Path log = dir.resolve("smoke.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("smoke did not finish: %s", output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("provider storage mapdb in dev.mero4j.storage.mapdb explicit")
        .contains("provider wasm chicory in dev.mero4j.wasm.chicory explicit")
        .contains("provider transport libp2p in dev.mero4j.transport.libp2p explicit")
        .contains("ready {storage=mapdb, transport=libp2p, wasm=chicory}")
        .contains("get jpms = \"module path\"")
        .contains("module dev.mero4j.node explicit", "module dev.mero4j.runtime explicit")
        .contains("stopped");
    assertThat(
            output
                .lines()
                .filter(
                    line -> line.startsWith("module dev.mero4j.") && !line.endsWith(" explicit")))
        .as("Mero4j modules that are not explicit")
        .isEmpty();
  }

  /** The jars the default assembly installs into Felix, from the distribution's lib/. */
  private static List<Path> assemblyJars() {
    try {
      return Files.readAllLines(DIST.resolve("config/default.assembly")).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.contains("="))
          .map(line -> DIST.resolve("lib").resolve(line))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError("no default assembly in " + DIST, e);
    }
  }

  private static String moduleName(Path jar) {
    return modules(List.of(jar)).keySet().iterator().next();
  }

  private static Map<String, ModuleDescriptor> modules(List<Path> jars) {
    Map<String, ModuleDescriptor> modules = new TreeMap<>();
    for (Path jar : jars) {
      ModuleReference reference =
          ModuleFinder.of(jar).findAll().stream()
              .findFirst()
              .orElseThrow(() -> new AssertionError(jar + " is not a module"));
      modules.put(reference.descriptor().name(), reference.descriptor());
    }
    return modules;
  }

  private static List<String> provides(ModuleDescriptor descriptor) {
    return descriptor.provides().stream()
        .map(ModuleDescriptor.Provides::service)
        .collect(Collectors.toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
