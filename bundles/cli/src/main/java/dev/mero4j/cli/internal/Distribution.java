package dev.mero4j.cli.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The installed distribution: {@code bin/}, {@code lib/} (every jar) and {@code config/}
 * (assemblies).
 */
public record Distribution(Path root) {
  /** System property set by {@code bin/mero4j} to the distribution directory. */
  public static final String PROPERTY = "mero4j.dist";

  /**
   * Finds the distribution from {@value #PROPERTY} or from the location of this jar in {@code
   * lib/}.
   */
  public static Distribution locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return new Distribution(Path.of(configured).toAbsolutePath().normalize());
    }
    try {
      CodeSource source = Distribution.class.getProtectionDomain().getCodeSource();
      Path jar = Path.of(source.getLocation().toURI());
      return new Distribution(jar.getParent().getParent());
    } catch (URISyntaxException | NullPointerException e) {
      throw new LaunchException("cannot locate the Mero4j distribution; set -D" + PROPERTY, e);
    }
  }

  public Path lib() {
    return root.resolve("lib");
  }

  public Path defaultAssembly() {
    return root.resolve("config").resolve("default.assembly");
  }

  public boolean exists() {
    return Files.isDirectory(lib());
  }
}
