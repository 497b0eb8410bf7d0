package dev.mero4j.interop.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The transport bundles resolve in Felix with Netty and BouncyCastle as bundles, and register via
 * DS.
 */
class TransportBundlesInFelixTest {
  /** Jars from the test class path that make up the assembly, by file-name prefix. */
  private static final List<String> BUNDLES =
      List.of(
          "org.osgi.util.function",
          "org.osgi.util.promise",
          "org.osgi.service.component-",
          "org.apache.felix.scr",
          "mero4j-primitives",
          "mero4j-transport-api",
          "netty-common",
          "netty-buffer",
          "netty-resolver",
          "netty-transport-4",
          "netty-transport-native-unix-common-4",
          "netty-codec-base",
          "netty-handler",
          "bcprov-jdk18on",
          "mero4j-transport-libp2p",
          "mero4j-transport-loopback");

  private Framework framework;

  @AfterEach
  void stop() throws Exception {
    if (framework != null) {
      framework.stop();
      framework.waitForStop(10_000);
    }
  }

  @Test
  void bothProvidersRegisterAsServicesInFelix() throws Exception {
    Path cache = Files.createTempDirectory("felix-transport");
    Map<String, String> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
    framework.start();
    BundleContext ctx = framework.getBundleContext();
    List<Bundle> installed = new ArrayList<>();
    for (String jar : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(jar).getFileName().toString();
      if (jar.endsWith(".jar") && BUNDLES.stream().anyMatch(name::startsWith)) {
        installed.add(ctx.installBundle(Path.of(jar).toUri().toString()));
      }
    }
    for (Bundle b : installed) {
      b.start();
    }
    for (Bundle b : installed) {
      assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
    }
    for (String provider : List.of("libp2p", "loopback")) {
      ServiceTracker<Object, Object> tracker =
          new ServiceTracker<>(
              ctx,
              ctx.createFilter(
                  "(&(objectClass=dev.mero4j.transport.api.TransportProvider)(mero4j.provider="
                      + provider
                      + "))"),
              null);
      tracker.open(true);
      Object service = tracker.waitForService(30_000);
      assertThat(service).as(provider + " provider service").isNotNull();
      assertThat(service.getClass().getMethod("name").invoke(service)).isEqualTo(provider);
      ServiceReference<Object> ref = tracker.getServiceReference();
      assertThat(ref.getBundle().getSymbolicName()).isEqualTo("dev.mero4j.transport." + provider);
      if (provider.equals("libp2p")) {
        twoNodesConnectInsideTheFramework(service, ref.getBundle());
      }
      tracker.close();
    }
  }

  /** Starts two libp2p nodes through the bundle's own classes (reflection: other class loaders). */
  private static void twoNodesConnectInsideTheFramework(Object provider, Bundle bundle)
      throws Exception {
    Class<?> keyPair = bundle.loadClass("dev.mero4j.primitives.KeyPair");
    Class<?> config = bundle.loadClass("dev.mero4j.transport.api.TransportConfig");
    Method start = provider.getClass().getMethod("start", config);
    List<Object> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 2; i++) {
        byte[] seed = new byte[32];
        seed[0] = (byte) i;
        Object identity = keyPair.getMethod("fromSeed", byte[].class).invoke(null, (Object) seed);
        Object cfg =
            config
                .getConstructor(keyPair, List.class, List.class)
                .newInstance(identity, List.of("/ip4/127.0.0.1/tcp/0"), List.of());
        nodes.add(start.invoke(provider, cfg));
      }
      Object info = call(nodes.get(1), "localPeer");
      String address =
          ((List<?>) call(info, "listenAddresses")).get(0) + "/p2p/" + call(info, "id");
      Object dialed =
          nodes.get(0).getClass().getMethod("dial", String.class).invoke(nodes.get(0), address);
      Object peer =
          ((java.util.concurrent.CompletionStage<?>) dialed)
              .toCompletableFuture()
              .get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(peer.toString()).isEqualTo(call(info, "id").toString());
    } finally {
      for (Object n : nodes) {
        call(n, "close");
      }
    }
  }

  private static Object call(Object target, String method) throws Exception {
    Method m = target.getClass().getMethod(method);
    m.setAccessible(true);
    return m.invoke(target);
  }
}
