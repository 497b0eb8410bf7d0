package dev.mero4j.cli.internal.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * While the console owns the terminal, the node's log goes to {@code node.log} in its home instead
 * of the screen, so log lines never tear through the prompt.
 */
final class NodeLog {
  /** Size at which node.log starts over (10 MiB), so a chatty console cannot fill the disk. */
  private static final int LIMIT = 10 << 20;

  private NodeLog() {}

  static Path toFile(Path home) throws IOException {
    Path file = home.resolve("node.log");
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    FileHandler handler = new FileHandler(file.toString(), LIMIT, 1, true);
    handler.setFormatter(new SimpleFormatter());
    root.addHandler(handler);
    return file;
  }
}
