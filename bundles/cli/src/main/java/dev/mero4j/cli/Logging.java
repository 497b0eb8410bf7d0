package dev.mero4j.cli;

/** One-line log format for the JDK logger that the bundles use through {@link System.Logger}. */
final class Logging {
  private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

  private Logging() {}

  /**
   * Libraries whose INFO chatter would drown the node's one ready line; their warnings still show.
   */
  private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

  static void configure() {
    if (System.getProperty(FORMAT_PROPERTY) == null) {
      System.setProperty(FORMAT_PROPERTY, "%1$tF %1$tT %4$-7s %3$s: %5$s%6$s%n");
    }
    for (String name :
        new String[] {"org.eclipse.jetty", "io.javalin", "dev.mero4j.server.ApiServer"}) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
      logger.setLevel(java.util.logging.Level.WARNING);
      QUIET.add(logger);
    }
  }
}
