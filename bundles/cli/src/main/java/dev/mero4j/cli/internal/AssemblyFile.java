package dev.mero4j.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full contents of an assembly file as {@code mero4j assemble} reads it: bundle references in
 * start order and the provider choices.
 *
 * <pre>
 * # comment
 * storage = rocksdb                      provider choice: capability = provider name (or none)
 * mero4j-storage-rocksdb.jar             a jar in lib/
 * mvn:org.example/my-bundle/1.2.0        a jar in a Maven repository directory
 * </pre>
 */
public record AssemblyFile(Path file, List<BundleRef> bundles, Map<String, String> providers) {
  /** The capabilities an assembly chooses a provider for, in the order they are reported. */
  public static final List<String> CAPABILITIES = List.of("storage", "wasm", "transport", "chain");

  private static final Pattern PROVIDER_LINE = Pattern.compile("([a-z]+)\\s*=\\s*([a-z0-9-]+)");
  private static final Pattern MAVEN_REF = Pattern.compile("mvn:([^/\\s]+)/([^/\\s]+)/([^/\\s]+)");

  public AssemblyFile {
    bundles = List.copyOf(bundles);
    providers = Map.copyOf(providers);
  }

  /**
   * One bundle line: a jar name relative to a lib directory, or a {@code
   * mvn:group/artifact/version}.
   */
  public record BundleRef(int line, String text) {
    /** The file name the bundle gets in the assembled {@code lib/}. */
    public String jarName() {
      Matcher maven = MAVEN_REF.matcher(text);
      return maven.matches() ? maven.group(2) + ".jar" : Path.of(text).getFileName().toString();
    }

    /** Finds the jar in the first lib directory holding it, or in the Maven repository. */
    public Optional<Path> locate(List<Path> libs, Path mavenRepository) {
      Matcher maven = MAVEN_REF.matcher(text);
      if (maven.matches()) {
        String group = maven.group(1).replace('.', '/');
        String artifact = maven.group(2);
        String version = maven.group(3);
        Path jar =
            mavenRepository
                .resolve(group)
                .resolve(artifact)
                .resolve(version)
                .resolve(artifact + "-" + version + ".jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
      }
      return libs.stream()
          .map(lib -> lib.resolve(text).normalize())
          .filter(Files::isRegularFile)
          .findFirst();
    }
  }

  /** Whether a stripped, non-comment line is a provider choice rather than a bundle. */
  public static boolean isProviderLine(String line) {
    return line.indexOf('=') >= 0;
  }

  /** Reads every bundle reference and provider choice; malformed lines are reported together. */
  public static AssemblyFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new LaunchException("cannot read assembly " + file + ": " + e.getMessage(), e);
    }
    List<BundleRef> bundles = new ArrayList<>();
    Map<String, String> providers = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = file.getFileName() + " line " + (i + 1) + ": ";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!isProviderLine(line)) {
        bundles.add(new BundleRef(i + 1, line));
        continue;
      }
      Matcher choice = PROVIDER_LINE.matcher(line);
      if (!choice.matches()) {
        problems.add(where + "'" + line + "' is not a provider choice such as 'storage = mapdb'");
      } else if (!CAPABILITIES.contains(choice.group(1))) {
        problems.add(
            where
                + "unknown capability '"
                + choice.group(1)
                + "'; use one of "
                + String.join(", ", CAPABILITIES));
      } else if (providers.putIfAbsent(choice.group(1), choice.group(2)) != null) {
        problems.add(where + "a second choice for " + choice.group(1));
      }
    }
    if (bundles.isEmpty()) {
      problems.add("assembly " + file + " lists no bundles");
    }
    if (!problems.isEmpty()) {
      throw new AssemblyException(problems);
    }
    return new AssemblyFile(file, bundles, providers);
  }
}
