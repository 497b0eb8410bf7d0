package dev.mero4j.cli;

/** One-line log format for the JDK logger that the bundles use through {@link System.Logger}. */
final class Logging {
  private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

  private Logging() {}

  static void configure() {
    if (System.getProperty(FORMAT_PROPERTY) == null) {
      System.setProperty(FORMAT_PROPERTY, "%1$tF %1$tT %4$-7s %3$s: %5$s%6$s%n");
    }
  }
}
