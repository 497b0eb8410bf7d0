package dev.mero4j.node.internal.swap;

import dev.mero4j.node.CapabilityStatus;
import dev.mero4j.node.NodeConfig;
import dev.mero4j.node.NodeHome;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderMissingException;
import dev.mero4j.node.ProviderSet;
import dev.mero4j.node.SwapException;
import dev.mero4j.node.SwapFailedException;
import dev.mero4j.node.SwapInProgressException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.node.UnknownCapabilityException;
import dev.mero4j.node.UnknownSwapJobException;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Swaps the storage engine, the WASM engine or the transport of a running node, one job at a time,
 * each on its own thread; keeps the last jobs for their progress and outcome.
 */
public final class ProviderSwitcher {
  /** Finished jobs kept for {@code GET .../jobs/{id}}. */
  static final int KEPT_JOBS = 32;

  /** How long a replaced store waits for its last open cursor before it is closed anyway. */
  static final Duration READER_GRACE = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(ProviderSwitcher.class.getName());

  private final NodeHome home;
  private final NodeConfig config;
  private final Supplier<ProviderSet> providers;
  private final SwappableStorage storage;
  private final ApplicationManager applications;
  private final ContextService contexts;
  private final Clock clock;
  private final LongSupplier ticker;
  private final BiConsumer<String, String> activeChanged;
  private final Map<String, JobProgress> jobs = new LinkedHashMap<>();
  private String activeStorage;
  private TransportSwitch transports;
  private JobProgress running;
  private boolean rebindPending;
  private long nextId = 1;

  /**
   * @param applications the application runtime, or null when the node runs no WASM engine
   * @param contexts the contexts whose root hashes a migration verifies, or null without a runtime
   * @param activeChanged told (capability, provider name) after every successful swap
   */
  public ProviderSwitcher(
      NodeHome home,
      NodeConfig config,
      Supplier<ProviderSet> providers,
      SwappableStorage storage,
      String activeStorage,
      ApplicationManager applications,
      ContextService contexts,
      Clock clock,
      LongSupplier ticker,
      BiConsumer<String, String> activeChanged) {
    this.home = home;
    this.config = config;
    this.providers = providers;
    this.storage = storage;
    this.activeStorage = activeStorage;
    this.applications = applications;
    this.contexts = contexts;
    this.clock = clock;
    this.ticker = ticker;
    this.activeChanged = activeChanged;
  }

  /** Makes the transport swappable once the node has started one. */
  public synchronized void transports(TransportSwitch transport) {
    this.transports = transport;
  }

  /** The swappable capabilities with their active and deployed providers. */
  public synchronized List<CapabilityStatus> list() {
    ProviderSet set = providers.get();
    List<CapabilityStatus> all = new ArrayList<>();
    all.add(
        new CapabilityStatus(
            "storage", activeStorage, new ArrayList<>(new TreeSet<>(set.storage().keySet()))));
    if (applications != null) {
      all.add(
          new CapabilityStatus(
              "wasm",
              applications.engine().name(),
              new ArrayList<>(new TreeSet<>(set.wasmEngines().keySet()))));
    }
    if (transports != null) {
      all.add(transports.status());
    }
    return all;
  }

  /**
   * Follows the deployed transport providers: closes the transport of a provider whose service went
   * away (its bundle stops), and moves the node onto the new instance of its transport provider
   * when the provider's bundle was updated (its service came back under the same name); returns the
   * job, or null when nothing is to do now.
   */
  public SwapJob rebindTransport() {
    TransportSwitch transport;
    synchronized (this) {
      transport = transports;
    }
    if (transport == null) {
      return null;
    }
    transport.release();
    return rebindIfReplaced();
  }

  private synchronized SwapJob rebindIfReplaced() {
    if (transports == null || !transports.replaced()) {
      return null;
    }
    if (running != null) {
      // A refresh right after a bundle update replaces the instance the running job moves to:
      // the node follows once that job ends, or it would stay on a discarded bundle revision.
      rebindPending = true;
      LOG.log(
          System.Logger.Level.INFO,
          "transport bundle updated during " + running.id() + "; moving onto it once it ends");
      return null;
    }
    return swap("transport", transports.activeName(), null);
  }

  /**
   * Starts swapping {@code capability} to the provider called {@code to} and returns the job.
   *
   * @throws UnknownCapabilityException unless the capability is {@code storage} or (with a runtime)
   *     {@code wasm}
   * @throws ProviderMissingException if no such provider is deployed
   * @throws ProviderAlreadyActiveException if that very provider is active
   * @throws SwapInProgressException if another swap runs
   */
  public synchronized SwapJob swap(String capability, String to) {
    return swap(capability, to, null);
  }

  /**
   * Starts a swap; {@code listen}, only for the {@code transport}, names the multiaddrs the new
   * transport listens on (null keeps the current ones).
   *
   * @throws IllegalArgumentException when {@code listen} is given for another capability or is not
   *     a list of 1 to 16 multiaddrs
   */
  public synchronized SwapJob swap(String capability, String to, List<String> listen) {
    if (listen != null && !"transport".equals(capability)) {
      throw new IllegalArgumentException("listen addresses apply to the transport only");
    }
    if (running != null) {
      throw new SwapInProgressException(
          "swap " + running.id() + " is still running; one swap at a time");
    }
    Runnable work;
    String from;
    JobProgress job;
    switch (capability) {
      case "storage" -> {
        StorageProvider target = pick("storage", to, providers.get().storage());
        if (to.equals(activeStorage)) {
          throw new ProviderAlreadyActiveException(
              "storage provider '" + to + "' is already active");
        }
        from = activeStorage;
        job = newJob(capability, from, to);
        work = () -> migrateStorage(job, target);
      }
      case "wasm" -> {
        if (applications == null) {
          throw new UnknownCapabilityException(
              "this node runs no WASM engine, so there is none to swap");
        }
        WasmEngine target = pick("wasm", to, providers.get().wasmEngines());
        WasmEngine.Availability availability = target.availability();
        if (!availability.available()) {
          throw new ProviderMissingException(
              "wasm engine '" + to + "' cannot run here: " + availability.reason());
        }
        if (target == applications.engine()) {
          throw new ProviderAlreadyActiveException("wasm engine '" + to + "' is already active");
        }
        from = applications.engine().name();
        job = newJob(capability, from, to);
        work = () -> swapEngine(job, target);
      }
      case "transport" -> {
        if (transports == null) {
          throw new UnknownCapabilityException(
              "this node runs no transport ([swarm] transport = \"none\"), so there is none to swap");
        }
        TransportSwitch.Plan plan =
            transports.plan(pick("transport", to, providers.get().transports()), listen);
        from = plan.fromProvider().name();
        job = newJob(capability, from, to);
        work = () -> swapTransport(job, plan);
      }
      default ->
          throw new UnknownCapabilityException(
              "cannot swap '"
                  + capability
                  + "': the swappable capabilities are storage, wasm and transport");
    }
    running = job;
    Thread thread = new Thread(() -> runJob(job, work), "mero4j-swap-" + job.id());
    thread.setDaemon(true);
    thread.start();
    return job.view();
  }

  /** The job called {@code id}. */
  public synchronized SwapJob job(String id) {
    JobProgress job = jobs.get(id);
    if (job == null) {
      throw new UnknownSwapJobException("no swap job " + id);
    }
    return job.view();
  }

  private JobProgress newJob(String capability, String from, String to) {
    JobProgress job = new JobProgress("swap-" + nextId++, capability, from, to, ticker);
    jobs.put(job.id(), job);
    if (jobs.size() > KEPT_JOBS) {
      jobs.remove(jobs.keySet().iterator().next());
    }
    return job;
  }

  private void runJob(JobProgress job, Runnable work) {
    try {
      work.run();
      job.succeed();
    } catch (SwapSupersededException e) {
      LOG.log(System.Logger.Level.INFO, "swap " + job.id() + " superseded: " + e.getMessage());
      job.supersede(e.getMessage());
    } catch (SwapException e) {
      LOG.log(System.Logger.Level.WARNING, "swap " + job.id() + " rolled back: " + e.getMessage());
      job.fail(e);
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a provider whose bundle was refreshed away cannot load its classes
      LOG.log(System.Logger.Level.WARNING, "swap " + job.id() + " rolled back", e);
      job.fail(new SwapFailedException("the new provider failed: " + e, e));
    } finally {
      boolean rebind;
      synchronized (this) {
        running = null;
        rebind = rebindPending;
        rebindPending = false;
      }
      if (rebind) {
        rebindIfReplaced();
      }
    }
  }

  private void migrateStorage(JobProgress job, StorageProvider provider) {
    Path directory = home.resolve(config.storage().directory()).resolve(provider.name());
    Directories.deleteRecursively(directory);
    StorageEngine target =
        provider.open(new StorageConfig(directory, config.storage().durability(), 0));
    StorageEngine replaced;
    try {
      RootHashCheck check = new RootHashCheck(contexts, clock);
      replaced =
          new StorageMigration(storage, target, check, job, ticker)
              .run(() -> home.recordProvider("storage", "provider", provider.name()));
    } catch (RuntimeException e) {
      target.close();
      Directories.deleteRecursively(directory);
      throw e;
    }
    synchronized (this) {
      activeStorage = provider.name();
    }
    activeChanged.accept("storage", provider.name());
    if (!storage.retire(replaced, READER_GRACE, ticker)) {
      LOG.log(System.Logger.Level.WARNING, "closed the replaced store with readers still open");
    }
  }

  private void swapEngine(JobProgress job, WasmEngine target) {
    job.phase(SwapJob.Phase.COMPILING, applications.list().size());
    int compiled = applications.swapEngine(target);
    job.advance(compiled);
    home.recordProvider("runtime", "wasm_engine", target.name());
    activeChanged.accept("wasm", target.name());
  }

  private void swapTransport(JobProgress job, TransportSwitch.Plan plan) {
    try {
      transports.run(job, plan);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwapFailedException("the transport swap was interrupted", e);
    }
    activeChanged.accept("transport", plan.toProvider().name());
  }

  private static <T> T pick(String capability, String name, Map<String, T> available) {
    T provider = available.get(name);
    if (provider == null) {
      throw new ProviderMissingException(
          capability
              + " provider '"
              + name
              + "' is not deployed in this node (deployed: "
              + (available.isEmpty()
                  ? "none"
                  : String.join(", ", new TreeSet<>(available.keySet())))
              + ")");
    }
    return provider;
  }
}
