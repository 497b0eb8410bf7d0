package dev.mero4j.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the build version stamped into {@code version.properties}. */
public final class VersionProvider implements IVersionProvider {
  /** The Mero4j version of this build. */
  public static String version() {
    Properties props = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/dev/mero4j/cli/version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return props.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "mero4j " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
