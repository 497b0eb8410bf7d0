package dev.mero4j.cli.internal;

import dev.mero4j.cli.internal.AssemblyFile.BundleRef;
import dev.mero4j.node.NodeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j assemble}: checks that an assembly resolves in OSGi and writes a runnable node
 * directory.
 */
@Command(
    name = "assemble",
    description =
        "Build a runnable node directory from an assembly file: find its bundles, check that they "
            + "resolve in OSGi (missing packages, version conflicts), then write bin/, lib/ and config/ to --out.",
    mixinStandardHelpOptions = true)
public final class AssembleCommand implements Callable<Integer> {
  /** The service interface a provider of each assembly capability registers. */
  static final Map<String, String> PROVIDER_SERVICES =
      Map.of(
          "storage", "dev.mero4j.storage.api.StorageProvider",
          "wasm", "dev.mero4j.wasm.api.WasmEngine",
          "transport", "dev.mero4j.transport.api.TransportProvider",
          "chain", "dev.mero4j.chain.api.ChainAdapter");

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, description = "Assembly file (see config/*.assembly).")
  Path from;

  @Option(
      names = "--out",
      required = true,
      description = "Node directory to write; must be absent or empty.")
  Path out;

  @Option(
      names = "--lib",
      description =
          "Directory to find bundle jars in, repeatable (default: the distribution's lib/).")
  List<Path> libs = new ArrayList<>();

  @Option(
      names = "--repo",
      description = "Maven repository directory for mvn: lines (default: ~/.m2/repository).")
  Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");

  @Option(
      names = "--server-port",
      defaultValue = "" + NodeConfig.DEFAULT_SERVER_PORT,
      description = "Client API port written to config/node.toml (default: ${DEFAULT-VALUE}).")
  int serverPort;

  @Option(
      names = "--swarm-port",
      defaultValue = "" + NodeConfig.DEFAULT_SWARM_PORT,
      description = "Peer-to-peer port written to config/node.toml (default: ${DEFAULT-VALUE}).")
  int swarmPort;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      checkOutput();
      Distribution distribution = Distribution.locate();
      List<Path> searched = libs.isEmpty() ? List.of(distribution.lib()) : libs;
      AssemblyFile assembly = AssemblyFile.read(from);
      Map<String, Path> bundles = locate(assembly, searched);
      ResolverCheck.Result result =
          ResolverCheck.check(
              List.copyOf(bundles.values()), Files.createTempDirectory("mero4j-assemble"));
      if (!result.resolved()) {
        throw new AssemblyException(result.problems());
      }
      Map<String, String> providers = chooseProviders(assembly, result);
      stdout.println(
          "Resolved "
              + bundles.size()
              + " bundles of "
              + from.getFileName()
              + ": "
              + describe(providers));
      Map<String, Path> jars = new LinkedHashMap<>();
      NodeDirectory.launcherJars(distribution.lib())
          .forEach(jar -> jars.put(jar.getFileName().toString(), jar));
      jars.putAll(bundles);
      new NodeDirectory(out, stdout)
          .write(
              jars,
              rewrite(bundles, providers),
              NodeDirectory.nodeToml(providers, serverPort, swarmPort));
      stdout.println(
          "Assembled node in "
              + out.toAbsolutePath().normalize()
              + "; start it with: "
              + out.resolve("bin").resolve("mero4j")
              + " run");
      return 0;
    } catch (AssemblyException e) {
      PrintWriter err = spec.commandLine().getErr();
      e.problems().forEach(problem -> err.println("error: " + problem));
      err.println(
          from.getFileName() + " does not assemble: " + e.problems().size() + " problem(s)");
      return ErrorHandler.USAGE;
    } catch (IOException e) {
      throw new LaunchException("cannot create a scratch directory: " + e.getMessage(), e);
    }
  }

  private void checkOutput() throws IOException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new AssemblyException(
              List.of("--out " + out + " is not empty; choose a new directory"));
        }
      }
    } else if (Files.exists(out)) {
      throw new AssemblyException(List.of("--out " + out + " is a file"));
    }
  }

  /**
   * Finds every bundle jar, keyed by its name in the assembled lib/; all misses are reported
   * together.
   */
  private Map<String, Path> locate(AssemblyFile assembly, List<Path> searched) {
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (BundleRef ref : assembly.bundles()) {
      String where = from.getFileName() + " line " + ref.line() + ": ";
      var jar = ref.locate(searched, repo);
      if (jar.isEmpty()) {
        String in = ref.text().startsWith("mvn:") ? repo.toString() : searched.toString();
        problems.add(where + "bundle " + ref.text() + " is not in " + in);
      } else if (found.putIfAbsent(ref.jarName(), jar.get()) != null) {
        problems.add(where + "a second bundle named " + ref.jarName());
      }
    }
    if (!problems.isEmpty()) {
      throw new AssemblyException(problems);
    }
    return found;
  }

  /**
   * The provider of each capability: the assembly's choice, else the only provider bundle listed.
   */
  private Map<String, String> chooseProviders(AssemblyFile assembly, ResolverCheck.Result result) {
    Map<String, String> chosen = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String capability : AssemblyFile.CAPABILITIES) {
      Map<String, String> offered = new TreeMap<>();
      result
          .services()
          .forEach(
              (jar, services) -> {
                if (services.contains(PROVIDER_SERVICES.get(capability))) {
                  String name = result.symbolicNames().get(jar);
                  offered.put(name.substring(name.lastIndexOf('.') + 1), name);
                }
              });
      String choice = assembly.providers().get(capability);
      if (choice == null) {
        if (offered.size() > 1) {
          problems.add(
              "several "
                  + capability
                  + " providers ("
                  + String.join(", ", offered.keySet())
                  + "); choose one with '"
                  + capability
                  + " = NAME'");
          continue;
        }
        choice = offered.isEmpty() ? NodeConfig.NONE : offered.keySet().iterator().next();
      } else if (!NodeConfig.NONE.equals(choice) && !offered.containsKey(choice)) {
        problems.add(
            capability
                + " = "
                + choice
                + " but no bundle in the assembly provides it (providers listed: "
                + (offered.isEmpty() ? "none" : String.join(", ", offered.keySet()))
                + ")");
      }
      chosen.put(capability, choice);
    }
    if (NodeConfig.NONE.equals(chosen.get("storage"))) {
      problems.add("a node needs a storage provider; add one, e.g. mero4j-storage-mapdb.jar");
    }
    if (!problems.isEmpty()) {
      throw new AssemblyException(problems);
    }
    return chosen;
  }

  /**
   * The assembly as the node directory runs it: choices first, then plain jar names in start order.
   */
  private String rewrite(Map<String, Path> bundles, Map<String, String> providers) {
    StringBuilder text = new StringBuilder();
    text.append("# Assembled by 'mero4j assemble' from ")
        .append(from.getFileName())
        .append("; bundles in start order from lib/.\n");
    providers.forEach(
        (capability, name) -> text.append(capability).append(" = ").append(name).append('\n'));
    text.append('\n');
    bundles.keySet().forEach(name -> text.append(name).append('\n'));
    return text.toString();
  }

  private static String describe(Map<String, String> providers) {
    List<String> parts = new ArrayList<>();
    providers.forEach((capability, name) -> parts.add(capability + "=" + name));
    return String.join(" ", parts);
  }
}
