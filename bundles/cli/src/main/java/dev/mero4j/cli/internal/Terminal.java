package dev.mero4j.cli.internal;

/** Whether the CLI talks to a person at a terminal (progress bars, prompts) or to a pipe. */
public final class Terminal {
  private Terminal() {}

  /** True when standard input and output are a terminal. */
  @SuppressWarnings("SystemConsoleNull") // release 17: System.console() is null without a terminal
  public static boolean interactive() {
    return System.console() != null;
  }
}
