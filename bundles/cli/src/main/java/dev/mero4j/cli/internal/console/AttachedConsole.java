package dev.mero4j.cli.internal.console;

import dev.mero4j.console.groovy.AttachClient;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Attaches to the console of a node running on this machine. */
final class AttachedConsole {
  private AttachedConsole() {}

  static int run(Path home, Path scriptFile, String code, boolean trace) throws IOException {
    AttachClient client = AttachClient.forHome(home);
    if (code != null) {
      return client.script(
          scriptFile.getFileName().toString(), code, trace, System.out, System.err);
    }
    try (Terminal terminal =
        TerminalBuilder.builder()
            .name("mero4j")
            .system(true)
            .nativeSignals(true)
            .signalHandler(Terminal.SignalHandler.SIG_IGN)
            .build()) {
      client.interactive(terminal);
    }
    return 0;
  }
}
