package dev.mero4j.storage.tck;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageConfig.Durability;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import dev.mero4j.storage.api.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The body of the process a {@link StorageCrashContractTest} kills: commits crash-workload batches
 * from a given number on as fast as it can and prints {@code ack <n>} after each {@code write}
 * returns. A provider's test calls {@link #run} from a one-line {@code main}.
 */
public final class StorageCrashChild {
  /** Stops a child that was never killed (its parent died) after this many batches. */
  private static final long MAX_BATCHES = 1_000_000;

  private StorageCrashChild() {}

  /** Arguments: store directory, first batch number, {@link Durability} name. */
  public static void run(StorageProvider provider, String[] args) {
    Path dir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Durability durability = Durability.valueOf(args[2]);
    exitWhenParentGoesAway(System.in);
    PrintStream out = System.out;
    StorageEngine engine = provider.open(new StorageConfig(dir, durability, 0));
    out.println("ready");
    out.flush();
    for (long n = first; n < first + MAX_BATCHES; n++) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < CrashWorkload.keysIn(n); i++) {
        batch.put(CrashWorkload.keyspaceOf(i), CrashWorkload.key(n, i), CrashWorkload.value(n, i));
      }
      engine.write(batch);
      out.println("ack " + n);
      out.flush();
    }
    engine.close();
  }

  private static void exitWhenParentGoesAway(InputStream in) {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // the parent never writes; EOF means it is gone
                }
              } catch (IOException e) {
                System.err.println("stdin failed: " + e);
              }
              Runtime.getRuntime().halt(3);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
