package dev.mero4j.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mero4j.node.NodeHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
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
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots every bundle of the default assembly in Felix and checks the node reaches ready on MapDB.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeInFelixTest {
  private static final long READY_TIMEOUT_MS = 60_000;

  @Inject BundleContext context;

  @Configuration
  public Option[] config() throws IOException {
    Path dist = Path.of(System.getProperty("mero4j.dist"));
    Path home = Files.createTempDirectory("mero4j-osgi-it");
    NodeHome.init(
        home, new NodeHome.InitOptions(1, 2528, "none", "none", true), new SecureRandom());
    Path config = home.resolve(NodeHome.CONFIG_FILE);
    Files.writeString(config, Files.readString(config).replace("port = 2528", "port = 0"));
    List<Option> options = new ArrayList<>();
    options.add(frameworkProperty("mero4j.home").value(home.toString()));
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
    options.add(junitBundles());
    options.add(cleanCaches());
    return options.toArray(Option[]::new);
  }

  @Test
  public void nodeReachesReadyWithTheMapDbProviderActive() throws Exception {
    ServiceTracker<Object, Object> tracker =
        new ServiceTracker<>(context, context.createFilter("(mero4j.node.state=*)"), null);
    tracker.open(true);
    try {
      assertNotNull(
          "node reported no state within the timeout; bundles: " + bundleStates(),
          tracker.waitForService(READY_TIMEOUT_MS));
      ServiceReference<Object> node = tracker.getServiceReference();
      assertEquals(
          "node error: " + node.getProperty("mero4j.node.error"),
          "ready",
          node.getProperty("mero4j.node.state"));
      assertEquals("mapdb", node.getProperty("mero4j.node.provider.storage"));
      String[] addresses = (String[]) node.getProperty("mero4j.node.addresses");
      assertTrue(Arrays.toString(addresses), addresses[0].startsWith("http://127.0.0.1:"));
    } finally {
      tracker.close();
    }
  }

  @Test
  public void everyAssemblyBundleIsActive() {
    for (Bundle bundle : context.getBundles()) {
      if (bundle.getSymbolicName().startsWith("dev.mero4j")) {
        assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
      }
    }
    assertNotNull(context.getServiceReference("dev.mero4j.storage.api.StorageProvider"));
  }

  @Test
  public void theNodePublishesItsConsoleViewForTheConsoleBundles() throws Exception {
    ServiceTracker<Object, Object> tracker =
        new ServiceTracker<>(
            context,
            context.createFilter("(objectClass=dev.mero4j.console.api.ConsoleNode)"),
            null);
    tracker.open(true);
    try {
      assertNotNull(
          "no ConsoleNode service; bundles: " + bundleStates(),
          tracker.waitForService(READY_TIMEOUT_MS));
      assertEquals(
          "dev.mero4j.node.console.NodeConsole",
          tracker.getServiceReference().getProperty("component.name"));
    } finally {
      tracker.close();
    }
  }

  private String bundleStates() {
    StringBuilder states = new StringBuilder();
    for (Bundle bundle : context.getBundles()) {
      states.append(bundle.getSymbolicName()).append('=').append(bundle.getState()).append(' ');
    }
    return states.toString();
  }
}
