package dev.mero4j.cli.internal.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** A one-line progress bar redrawn in place on a terminal; elsewhere one line per phase. */
final class ProgressBar {
  /** Width of the bar in characters. */
  static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private String lastPhase = "";
  private boolean drawn;

  ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  void show(JsonNode job) {
    String phase = job.path("phase").asText();
    if (!terminal) {
      if (!phase.equals(lastPhase)) {
        err.println(line(job));
        err.flush();
      }
      lastPhase = phase;
      return;
    }
    err.print("\r" + line(job) + "   ");
    err.flush();
    drawn = true;
  }

  void end() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }

  static String line(JsonNode job) {
    long done = job.path("done").asLong();
    long total = job.path("total").asLong();
    String phase = job.path("phase").asText().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    if (total <= 0) {
      return String.format("%-12s %,d", phase, done);
    }
    int filled = (int) Math.min(WIDTH, WIDTH * done / total);
    return String.format(
        "%-12s [%s%s] %3d%% %,d/%,d",
        phase, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done / total, done, total);
  }
}
