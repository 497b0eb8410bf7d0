package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.Hash;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-log trail of console use: every session, every script and every interactive entry, since
 * console scripts run with the operator's full power.
 */
public final class ConsoleAudit {
  private static final System.Logger LOG = System.getLogger("dev.mero4j.console");
  private static final AtomicLong SESSIONS = new AtomicLong();

  /** Longest entry text written to the log; the rest is elided so one paste cannot flood it. */
  private static final int MAX_LOGGED_ENTRY = 200;

  private final long id;
  private final String who;

  private ConsoleAudit(long id, String who) {
    this.id = id;
    this.who = who;
  }

  /** Logs the start of a session; {@code kind} is embedded, attached or script. */
  public static ConsoleAudit open(String kind, String who) {
    ConsoleAudit audit = new ConsoleAudit(SESSIONS.incrementAndGet(), who);
    LOG.log(
        System.Logger.Level.INFO,
        "console session " + audit.id + " opened (" + kind + ", user " + who + ")");
    return audit;
  }

  public void entry(String text) {
    String oneLine = text.replaceAll("\\s*\\R\\s*", " ");
    if (oneLine.length() > MAX_LOGGED_ENTRY) {
      oneLine = oneLine.substring(0, MAX_LOGGED_ENTRY) + "…";
    }
    LOG.log(System.Logger.Level.INFO, "console session " + id + " (" + who + ") ran: " + oneLine);
  }

  public void script(String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    LOG.log(
        System.Logger.Level.INFO,
        "console session "
            + id
            + " ("
            + who
            + ") runs script "
            + name
            + " ("
            + bytes.length
            + " bytes, sha256 "
            + Hash.sha256(bytes).toHex()
            + ")");
  }

  public void outcome(String what) {
    LOG.log(System.Logger.Level.INFO, "console session " + id + " (" + who + "): " + what);
  }

  public void closed() {
    LOG.log(System.Logger.Level.INFO, "console session " + id + " closed (" + who + ")");
  }
}
