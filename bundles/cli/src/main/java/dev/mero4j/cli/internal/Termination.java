package dev.mero4j.cli.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.utils.Signals;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into one clean stop followed by exit code 0, so service
 * managers see a normal exit; a JVM shutdown hook covers every other way the JVM ends.
 */
final class Termination {
  private Termination() {}

  /** Runs {@code stop} once on the first TERM/INT or JVM shutdown; signals then exit with 0. */
  static void onStop(Runnable stop) {
    AtomicBoolean done = new AtomicBoolean();
    Runnable once =
        () -> {
          if (done.compareAndSet(false, true)) {
            stop.run();
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(once, "mero4j-shutdown"));
    for (String name : new String[] {"TERM", "INT"}) {
      Signals.register(
          name,
          () -> {
            Thread stopper =
                new Thread(
                    () -> {
                      once.run();
                      System.exit(0);
                    },
                    "mero4j-signal-" + name);
            stopper.start();
          });
    }
  }
}
