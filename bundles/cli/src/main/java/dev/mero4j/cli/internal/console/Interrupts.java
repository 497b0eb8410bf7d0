package dev.mero4j.cli.internal.console;

import org.jline.utils.Signals;

/** Routes Ctrl-C to the running console script instead of ending the process. */
final class Interrupts {
  private Interrupts() {}

  static void onCtrlC(Runnable interrupt) {
    Signals.register("INT", interrupt);
  }
}
