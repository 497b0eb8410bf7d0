package dev.mero4j.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs a set of bundles in a throwaway Felix framework, resolves them without starting any, and
 * reports every requirement nothing in the set satisfies, one line per problem.
 */
public final class ResolverCheck {
  /**
   * The JDK packages the launcher's framework exports besides the standard ones (as {@link
   * FelixLauncher}); {@code jdk.net} gives the console its socket's peer credentials.
   */
  static final String SYSTEM_PACKAGES_EXTRA = "com.sun.net.httpserver,jdk.net,sun.misc,sun.nio.ch";

  private static final String SERVICE_NAMESPACE = "osgi.service";
  private static final Pattern FILTER_NAME = Pattern.compile("\\(([\\w.]+)=([^)(]+)\\)");
  private static final Pattern FILTER_VERSION_MIN = Pattern.compile("\\(version>=([^)]+)\\)");
  private static final Pattern FILTER_VERSION_MAX =
      Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

  /**
   * The outcome: symbolic name and declared service interfaces of each jar, and the problems found.
   */
  public record Result(
      Map<Path, String> symbolicNames, Map<Path, Set<String>> services, List<String> problems) {
    public Result {
      symbolicNames = Map.copyOf(symbolicNames);
      services = Map.copyOf(services);
      problems = List.copyOf(problems);
    }

    public boolean resolved() {
      return problems.isEmpty();
    }
  }

  private ResolverCheck() {}

  /** Resolves {@code jars} together; {@code scratch} holds the framework cache and is deleted. */
  public static Result check(List<Path> jars, Path scratch) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(Constants.FRAMEWORK_STORAGE, scratch.resolve("osgi-cache").toString());
    props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
    Framework framework =
        ServiceLoader.load(FrameworkFactory.class)
            .findFirst()
            .orElseThrow(() -> new LaunchException("no OSGi framework on the class path"))
            .newFramework(props);
    try {
      framework.start();
      return resolve(framework, jars);
    } catch (BundleException e) {
      throw new LaunchException("the resolver framework did not start: " + e.getMessage(), e);
    } finally {
      FelixLauncher.stop(framework);
      deleteRecursively(scratch);
    }
  }

  private static Result resolve(Framework framework, List<Path> jars) {
    Map<Path, String> names = new LinkedHashMap<>();
    Map<Path, Set<String>> services = new LinkedHashMap<>();
    Map<Bundle, Path> installed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path jar : jars) {
      try {
        Bundle bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
        installed.put(bundle, jar);
        names.put(jar, bundle.getSymbolicName());
        services.put(jar, declaredServices(bundle));
      } catch (BundleException e) {
        problems.add(jar.getFileName() + " cannot be installed: " + e.getMessage());
      }
    }
    FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
    wiring.resolveBundles(installed.keySet());
    List<Bundle> unexplained = new ArrayList<>();
    for (Map.Entry<Bundle, Path> entry : installed.entrySet()) {
      Bundle bundle = entry.getKey();
      if (bundle.getState() != Bundle.INSTALLED) {
        continue;
      }
      List<String> missing = missingRequirements(framework, wiring, bundle);
      String who = bundle.getSymbolicName() + " (" + entry.getValue().getFileName() + ")";
      missing.forEach(requirement -> problems.add(who + " needs " + requirement));
      if (missing.isEmpty()) {
        unexplained.add(bundle);
      }
    }
    // Bundles whose every requirement has a provider fail only through another bundle (a cascade)
    // or
    // through a uses-constraint conflict; the conflict is worth a line only when nothing else
    // explains it.
    if (problems.isEmpty()) {
      for (Bundle bundle : unexplained) {
        problems.add(
            bundle.getSymbolicName()
                + " ("
                + installed.get(bundle).getFileName()
                + ") does not resolve: "
                + resolutionMessage(bundle));
      }
    }
    return new Result(names, services, problems);
  }

  private static Set<String> declaredServices(Bundle bundle) {
    Set<String> services = new TreeSet<>();
    for (BundleCapability capability :
        bundle.adapt(BundleRevision.class).getDeclaredCapabilities(SERVICE_NAMESPACE)) {
      Object classes = capability.getAttributes().get(Constants.OBJECTCLASS);
      if (classes instanceof List<?> list) {
        list.forEach(name -> services.add(String.valueOf(name)));
      }
    }
    return services;
  }

  private static List<String> missingRequirements(
      Framework framework, FrameworkWiring wiring, Bundle bundle) {
    List<String> missing = new ArrayList<>();
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
      Map<String, String> directives = requirement.getDirectives();
      String effective =
          directives.getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE);
      if (Constants.RESOLUTION_OPTIONAL.equals(directives.get(Constants.RESOLUTION_DIRECTIVE))
          || !Constants.EFFECTIVE_RESOLVE.equals(effective)) {
        continue;
      }
      if (wiring.findProviders(requirement).isEmpty()) {
        missing.add(describe(requirement) + otherVersions(framework, requirement));
      }
    }
    return missing;
  }

  /** {@code package dev.mero4j.storage.api [1.0.0,2.0.0)} from a requirement's filter. */
  static String describe(BundleRequirement requirement) {
    String filter = requirement.getDirectives().getOrDefault(Constants.FILTER_DIRECTIVE, "");
    String namespace = requirement.getNamespace();
    String kind =
        namespace.startsWith("osgi.wiring.")
            ? namespace.substring("osgi.wiring.".length())
            : namespace;
    String name = filterValue(filter, namespace);
    Matcher min = FILTER_VERSION_MIN.matcher(filter);
    Matcher max = FILTER_VERSION_MAX.matcher(filter);
    String range = "";
    if (min.find()) {
      range = " [" + min.group(1) + "," + (max.find() ? max.group(1) + ")" : "∞)");
    }
    return kind + " " + (name == null ? filter : name) + range;
  }

  private static String otherVersions(Framework framework, BundleRequirement requirement) {
    if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
      return ": no bundle in the assembly provides it";
    }
    String name =
        filterValue(
            requirement.getDirectives().getOrDefault(Constants.FILTER_DIRECTIVE, ""),
            PackageNamespace.PACKAGE_NAMESPACE);
    List<String> found = new ArrayList<>();
    for (Bundle other : framework.getBundleContext().getBundles()) {
      BundleRevision revision = other.adapt(BundleRevision.class);
      if (revision == null) {
        continue;
      }
      for (BundleCapability capability :
          revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
        if (capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE).equals(name)) {
          found.add(
              capability.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)
                  + " from "
                  + other.getSymbolicName());
        }
      }
    }
    return found.isEmpty()
        ? ": no bundle in the assembly exports it"
        : ": version conflict, the assembly exports only " + String.join(", ", found);
  }

  private static String filterValue(String filter, String attribute) {
    Matcher matcher = FILTER_NAME.matcher(filter);
    while (matcher.find()) {
      if (matcher.group(1).equals(attribute)) {
        return matcher.group(2);
      }
    }
    return null;
  }

  /** Felix's own explanation, reduced to its first line. */
  private static String resolutionMessage(Bundle bundle) {
    try {
      bundle.start(Bundle.START_TRANSIENT);
      return "resolves only when started (check the bundle's activation policy)";
    } catch (BundleException e) {
      return e.getMessage().lines().findFirst().orElse("unknown resolver error");
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new LaunchException(
          "cannot delete the resolver cache " + dir + ": " + e.getMessage(), e);
    }
  }
}
