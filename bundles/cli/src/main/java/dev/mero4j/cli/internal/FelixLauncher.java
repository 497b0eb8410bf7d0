package dev.mero4j.cli.internal;

import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots Apache Felix in-process, installs the bundles of an assembly and waits until the node
 * component reports {@code ready} or {@code failed} through its service properties.
 */
public final class FelixLauncher implements NodeLauncher {
  /** How long the node may take to report ready before the launch is abandoned. */
  static final long READY_TIMEOUT_SECONDS = 120;

  /** How long a clean shutdown may take before the JVM exits anyway. */
  static final long STOP_TIMEOUT_MILLIS = 20_000;

  private final Distribution distribution;
  private final Path assemblyFile;

  public FelixLauncher(Distribution distribution, Path assemblyFile) {
    this.distribution = distribution;
    this.assemblyFile = assemblyFile;
  }

  @Override
  public int run(NodeHome home, RunCommand.ReadyPrinter printer) {
    Framework framework = boot(home);
    NodeStatus status;
    try {
      status = awaitReady(framework);
    } catch (RuntimeException e) {
      stop(framework);
      throw e;
    }
    Termination.onStop(
        () -> {
          stop(framework);
          printer.stopped();
        });
    // Ready is printed only once a SIGTERM would stop the node cleanly.
    printer.ready(status);
    try {
      framework.waitForStop(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Starts a framework with every bundle of the assembly; the caller owns stopping it. */
  public Framework boot(NodeHome home) {
    if (!distribution.exists()) {
      throw new LaunchException(
          "no lib/ directory in " + distribution.root() + "; is this a Mero4j distribution?");
    }
    Path file = assemblyFile != null ? assemblyFile : distribution.defaultAssembly();
    Assembly assembly = Assembly.read(file, distribution.lib());
    Path cache = home.directory().resolve("osgi-cache");
    deleteRecursively(cache);
    Map<String, String> props = new HashMap<>();
    props.put(Constants.FRAMEWORK_STORAGE, cache.toString());
    props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, ResolverCheck.SYSTEM_PACKAGES_EXTRA);
    props.put("mero4j.home", home.directory().toString());
    Framework framework =
        ServiceLoader.load(FrameworkFactory.class)
            .findFirst()
            .orElseThrow(() -> new LaunchException("no OSGi framework on the class path"))
            .newFramework(props);
    try {
      framework.init();
      List<Bundle> installed = new ArrayList<>();
      for (Path jar : assembly.bundles()) {
        installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
      }
      framework.start();
      for (Bundle bundle : installed) {
        if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
          bundle.start();
        }
      }
      return framework;
    } catch (BundleException e) {
      stop(framework);
      throw new LaunchException(
          "the node assembly " + file.getFileName() + " did not start: " + e.getMessage(), e);
    }
  }

  /** Waits for the node component's state and turns it into a status, or throws its error. */
  public static NodeStatus awaitReady(Framework framework) {
    BundleContext context = framework.getBundleContext();
    ServiceTracker<Object, Object> tracker;
    try {
      tracker = new ServiceTracker<>(context, context.createFilter("(mero4j.node.state=*)"), null);
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
    tracker.open(true);
    try {
      if (tracker.waitForService(TimeUnit.SECONDS.toMillis(READY_TIMEOUT_SECONDS)) == null) {
        throw new LaunchException(
            "the node did not report ready within "
                + READY_TIMEOUT_SECONDS
                + " s; is dev.mero4j.node in the assembly?");
      }
      ServiceReference<Object> ref = tracker.getServiceReference();
      if (!"ready".equals(ref.getProperty("mero4j.node.state"))) {
        throw new LaunchException(String.valueOf(ref.getProperty("mero4j.node.error")));
      }
      Map<String, String> providers = new HashMap<>();
      for (String key : ref.getPropertyKeys()) {
        if (key.startsWith("mero4j.node.provider.")) {
          providers.put(
              key.substring("mero4j.node.provider.".length()),
              String.valueOf(ref.getProperty(key)));
        }
      }
      String peerId = (String) ref.getProperty("mero4j.node.peerId");
      return new NodeStatus(
          (String) ref.getProperty("mero4j.node.publicKey"),
          peerId == null || peerId.isEmpty() ? null : peerId,
          List.of((String[]) ref.getProperty("mero4j.node.addresses")),
          providers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while waiting for the node", e);
    } finally {
      tracker.close();
    }
  }

  static void stop(Framework framework) {
    try {
      framework.stop();
      framework.waitForStop(STOP_TIMEOUT_MILLIS);
    } catch (BundleException e) {
      throw new LaunchException("the framework did not stop cleanly: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
          "cannot clear the framework cache " + dir + ": " + e.getMessage(), e);
    }
  }
}
