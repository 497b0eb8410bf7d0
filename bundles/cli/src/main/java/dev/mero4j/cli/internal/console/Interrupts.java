package dev.mero4j.cli.internal.console;

import sun.misc.Signal;

/** Routes Ctrl-C to the running console script instead of ending the process. */
final class Interrupts {
  private Interrupts() {}

  static void onCtrlC(Runnable interrupt) {
    Signal.handle(new Signal("INT"), signal -> interrupt.run());
  }
}
