package dev.mero4j.cli.internal.app;

import dev.mero4j.cli.internal.Distribution;
import dev.mero4j.cli.internal.LaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The app-templates directory: {@code templates/<name>/}, the SDK under {@code sdk/} and the shared
 * release profile in {@code Cargo.toml}.
 */
public record AppTemplates(Path root) {
  /** System property naming the app-templates directory. */
  public static final String PROPERTY = "mero4j.templates";

  /** Its name inside a distribution and a checkout. */
  static final String DIRECTORY = "app-templates";

  /**
   * Finds the templates from {@value #PROPERTY}, then the distribution's {@code app-templates/},
   * then an {@code app-templates/} in the working directory or one of its parents (a checkout).
   */
  public static AppTemplates locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return checked(Path.of(configured));
    }
    Path distributed = distributionTemplates();
    if (distributed != null && isTemplates(distributed)) {
      return new AppTemplates(distributed);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isTemplates(dir.resolve(DIRECTORY))) {
        return new AppTemplates(dir.resolve(DIRECTORY));
      }
    }
    throw new AppException(
        1, "cannot find the app templates; set -D" + PROPERTY + " to the app-templates directory");
  }

  /**
   * The distribution's app-templates directory, or {@code null} when not running from a
   * distribution.
   */
  private static Path distributionTemplates() {
    try {
      return Distribution.locate().root().resolve(DIRECTORY);
    } catch (LaunchException notInADistribution) {
      return null;
    }
  }

  private static AppTemplates checked(Path dir) {
    if (!isTemplates(dir)) {
      throw new AppException(
          1,
          "-D"
              + PROPERTY
              + "="
              + dir
              + " is not an app-templates directory (no templates/ and sdk/)");
    }
    return new AppTemplates(dir.toAbsolutePath().normalize());
  }

  private static boolean isTemplates(Path dir) {
    return Files.isDirectory(dir.resolve("templates")) && Files.isDirectory(dir.resolve("sdk"));
  }

  /** Names of the templates, sorted. */
  public List<String> names() {
    try (Stream<Path> dirs = Files.list(root.resolve("templates"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("Cargo.toml")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path template(String name) {
    return root.resolve("templates").resolve(name);
  }

  /** The SDK crates ({@code mero4j-sdk}, {@code mero4j-sdk-macros}). */
  public Path sdk() {
    return root.resolve("sdk");
  }

  /**
   * The {@code [profile.release]} section of the templates' workspace, which every app must build
   * with.
   */
  public String releaseProfile() {
    try {
      String workspace = Files.readString(root.resolve("Cargo.toml"));
      int start = workspace.indexOf("[profile.release]");
      if (start < 0) {
        throw new AppException(1, root.resolve("Cargo.toml") + " has no [profile.release]");
      }
      int end = workspace.indexOf("\n[", start + 1);
      return workspace.substring(start, end < 0 ? workspace.length() : end + 1).strip() + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
