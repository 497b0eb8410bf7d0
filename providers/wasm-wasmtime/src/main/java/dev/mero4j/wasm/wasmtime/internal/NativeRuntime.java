package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.WasmEngine.Availability;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.NativeLibraryLoader;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loaded native library, one Wasmtime engine with epoch interruption, and the ticker that
 * advances its epoch. Nothing native is touched until the first {@link #availability()}.
 */
public final class NativeRuntime implements AutoCloseable {
  /** Loads the JNI library bundled in wasmtime-java. */
  public static final Runnable LOADER = NativeLibraryLoader::init;

  /** Epoch period: the wall-clock watchdog's resolution. */
  public static final long TICK_MILLIS = 10;

  private static final System.Logger LOG = System.getLogger(NativeRuntime.class.getName());

  private final Runnable loader;
  private final AtomicLong ticks = new AtomicLong();
  private Availability availability;
  private Engine engine;
  private ScheduledThreadPoolExecutor ticker;
  private java.util.concurrent.ScheduledFuture<?> tick;

  public NativeRuntime(Runnable loader) {
    this.loader = loader;
  }

  /** Loads the library once; a failure is remembered with its reason. */
  public synchronized Availability availability() {
    if (availability == null) {
      try {
        loader.run();
        engine = new Engine(new Config().epochInterruption(true));
        availability = Availability.yes();
      } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
        availability = unavailable(e);
      } catch (RuntimeException e) {
        availability = unavailable(e);
      }
    }
    return availability;
  }

  private static Availability unavailable(Throwable e) {
    String reason =
        "the Wasmtime JNI library did not load on "
            + System.getProperty("os.name")
            + "/"
            + System.getProperty("os.arch")
            + ": "
            + e;
    LOG.log(System.Logger.Level.WARNING, reason);
    return Availability.no(reason);
  }

  /** The engine; only after a positive {@link #availability()}. */
  public synchronized Engine engine() {
    if (ticker == null) {
      ticker =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "mero4j-wasm-wasmtime-epoch");
                t.setDaemon(true);
                return t;
              });
      tick =
          ticker.scheduleAtFixedRate(
              () -> {
                ticks.incrementAndGet();
                try {
                  engine.incrementEpoch();
                } catch (
                    RuntimeException e) { // a dead ticker would let calls run past their deadline
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "epoch tick failed; the next one runs as usual",
                      e);
                }
              },
              TICK_MILLIS,
              TICK_MILLIS,
              TimeUnit.MILLISECONDS);
    }
    return engine;
  }

  /** Epoch ticks since the engine started. */
  public long ticks() {
    return ticks.get();
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      tick.cancel(false);
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
