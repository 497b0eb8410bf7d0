package dev.mero4j.node.internal;

import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeException;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.NodeStatus;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.transport.api.TransportProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Runs the node inside an OSGi framework: collects the providers that Declarative Services binds,
 * waits for the configured ones, starts {@link Mero4jNode} and publishes its state as service
 * properties ({@value #STATE}) that launchers read without sharing classes.
 */
@Component(immediate = true)
@SuppressWarnings("JdkObsolete") // OSGi service properties are a Dictionary (Hashtable)
public final class NodeComponent {
  /** Framework property naming the node home directory. */
  public static final String HOME_PROPERTY = "mero4j.home";

  /** Framework property: how long to wait for configured providers, in milliseconds. */
  public static final String PROVIDER_WAIT_PROPERTY = "mero4j.provider.wait.ms";

  /** Service property: {@code ready} or {@code failed}. */
  public static final String STATE = "mero4j.node.state";

  /** Service property: the operator-facing error when the state is {@code failed}. */
  public static final String ERROR = "mero4j.node.error";

  private static final long DEFAULT_PROVIDER_WAIT_MS = 15_000;
  private static final System.Logger LOG = System.getLogger(NodeComponent.class.getName());

  private final Map<String, StorageProvider> storage = new ConcurrentHashMap<>();
  private final Map<String, TransportProvider> transports = new ConcurrentHashMap<>();
  private final Map<String, WasmEngine> engines = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  private volatile boolean active;
  private Thread starter;
  private Mero4jNode node;
  private ServiceRegistration<?> registration;
  private ServiceRegistration<Mero4jNode> nodeRegistration;

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindStorage(StorageProvider provider) {
    storage.put(provider.name(), provider);
    signal();
    providersChanged();
  }

  void unbindStorage(StorageProvider provider) {
    storage.remove(provider.name(), provider);
    providersChanged();
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindTransport(TransportProvider provider) {
    transports.put(provider.name(), provider);
    signal();
    providersChanged();
  }

  void unbindTransport(TransportProvider provider) {
    transports.remove(provider.name(), provider);
    providersChanged();
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindEngine(WasmEngine engine) {
    engines.put(engine.name(), engine);
    signal();
    providersChanged();
  }

  void unbindEngine(WasmEngine engine) {
    engines.remove(engine.name(), engine);
    providersChanged();
  }

  @Activate
  void activate(BundleContext context) {
    active = true;
    starter = new Thread(() -> run(context), "mero4j-node-start");
    starter.setDaemon(true);
    starter.start();
  }

  @Deactivate
  void deactivate() {
    active = false;
    signal();
    synchronized (lock) {
      if (nodeRegistration != null) {
        nodeRegistration.unregister();
        nodeRegistration = null;
      }
      if (registration != null) {
        registration.unregister();
        registration = null;
      }
      if (node != null) {
        node.close();
        node = null;
      }
    }
  }

  private void run(BundleContext context) {
    Hashtable<String, Object> props = new Hashtable<>();
    try {
      String home = context.getProperty(HOME_PROPERTY);
      if (home == null) {
        throw new NodeException("framework property " + HOME_PROPERTY + " is not set");
      }
      NodeHome nodeHome = NodeHome.open(Path.of(home));
      NodeConfig config = nodeHome.loadConfig();
      Mero4jNode created =
          new Mero4jNode(
              nodeHome, config, nodeHome.loadIdentity(config), awaitProviders(config, context));
      NodeStatus status = created.start();
      synchronized (lock) {
        if (!active) {
          created.close();
          return;
        }
        node = created;
      }
      props.putAll(readyProperties(status));
      created.onStatusChange(this::statusChanged);
    } catch (NodeException e) {
      LOG.log(System.Logger.Level.DEBUG, "node failed to start: {0}", e.getMessage());
      props.put(STATE, "failed");
      props.put(ERROR, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "node failed to start", e);
      props.put(STATE, "failed");
      props.put(ERROR, "node failed to start: " + e);
    }
    synchronized (lock) {
      if (active) {
        registration = context.registerService(NodeComponent.class, this, props);
        if (node != null) {
          Hashtable<String, Object> nodeProps = new Hashtable<>();
          nodeProps.put(HOME_PROPERTY, node.home().directory().toString());
          nodeRegistration = context.registerService(Mero4jNode.class, node, nodeProps);
        }
      }
    }
  }

  private static Hashtable<String, Object> readyProperties(NodeStatus status) {
    Hashtable<String, Object> props = new Hashtable<>();
    props.put(STATE, "ready");
    props.put("mero4j.node.addresses", status.addresses().toArray(String[]::new));
    props.put("mero4j.node.publicKey", status.publicKey());
    props.put("mero4j.node.peerId", status.peerId() == null ? "" : status.peerId());
    status
        .providers()
        .forEach((capability, name) -> props.put("mero4j.node.provider." + capability, name));
    return props;
  }

  /** A provider swap changed the active providers: the published properties follow. */
  private void statusChanged(NodeStatus status) {
    synchronized (lock) {
      if (registration != null) {
        registration.setProperties(readyProperties(status));
      }
    }
  }

  private ProviderSet awaitProviders(NodeConfig config, BundleContext context) {
    String waitText = context.getProperty(PROVIDER_WAIT_PROPERTY);
    long deadline =
        System.nanoTime()
            + 1_000_000L * (waitText == null ? DEFAULT_PROVIDER_WAIT_MS : Long.parseLong(waitText));
    synchronized (this) {
      while (active && !present(config) && System.nanoTime() < deadline) {
        try {
          wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new ProviderSet(storage, transports, engines);
  }

  private boolean present(NodeConfig config) {
    return storage.containsKey(config.storage().provider())
        && (!config.swarm().enabled() || transports.containsKey(config.swarm().transport()))
        && (!config.runtime().enabled() || engines.containsKey(config.runtime().wasmEngine()));
  }

  private synchronized void signal() {
    notifyAll();
  }

  /**
   * Tells a running node which providers are deployed now, so a swap can name a newly installed
   * one.
   */
  private void providersChanged() {
    Mero4jNode running;
    synchronized (lock) {
      running = node;
    }
    if (running != null) {
      running.updateProviders(new ProviderSet(storage, transports, engines));
    }
  }
}
