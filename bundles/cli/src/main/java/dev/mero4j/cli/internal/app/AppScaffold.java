package dev.mero4j.cli.internal.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Creates an app directory from a template: the template's files, a copy of the SDK under {@code
 * sdk/}, and a {@code Cargo.toml} that makes the app its own workspace with the templates' release
 * profile.
 *
 * <pre>
 * DIR/Cargo.toml              name, path = "sdk/mero4j-sdk", [workspace], [profile.release]
 * DIR/.cargo/config.toml      Debian's crate directory, offline
 * DIR/src/lib.rs              the template's code
 * DIR/sdk/mero4j-sdk/         the SDK, inside the workspace so builds are reproducible anywhere
 * DIR/sdk/mero4j-sdk-macros/
 * </pre>
 */
public final class AppScaffold {
  /** Package names that are also valid ABI names and wasm file names. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  /** How a template refers to the SDK in the templates' workspace. */
  static final String TEMPLATE_SDK_PATH = "path = \"../../sdk/mero4j-sdk\"";

  static final String APP_SDK_PATH = "path = \"sdk/mero4j-sdk\"";

  /** Build output and lock files are not part of a template. */
  private static final Set<String> SKIPPED = Set.of("target", "Cargo.lock");

  private final AppTemplates templates;

  public AppScaffold(AppTemplates templates) {
    this.templates = templates;
  }

  /** Creates {@code dir} (absent or empty) from {@code template} with package name {@code name}. */
  public void create(String template, String name, Path dir) {
    List<String> names = templates.names();
    if (!names.contains(template)) {
      throw new AppException(
          2, "unknown template '" + template + "'; choose one of: " + String.join(", ", names));
    }
    if (!NAME.matcher(name).matches()) {
      throw new AppException(
          2,
          "invalid app name '"
              + name
              + "': use lower-case letters, digits, '-' and '_', starting with a letter"
              + " (pass --name to choose one)");
    }
    if (Files.exists(dir) && !isEmptyDirectory(dir)) {
      throw new AppException(2, dir + " already exists and is not empty");
    }
    try {
      copyTree(templates.template(template), dir);
      copyTree(templates.sdk().resolve("mero4j-sdk"), dir.resolve("sdk").resolve("mero4j-sdk"));
      copyTree(
          templates.sdk().resolve("mero4j-sdk-macros"),
          dir.resolve("sdk").resolve("mero4j-sdk-macros"));
      Path manifest = dir.resolve("Cargo.toml");
      Files.writeString(manifest, manifest(Files.readString(manifest), template, name));
      Files.writeString(dir.resolve(".gitignore"), "target/\n");
    } catch (IOException e) {
      throw new AppException(1, "cannot create " + dir + ": " + e.getMessage());
    }
  }

  /** The template's Cargo.toml made into a stand-alone app named {@code name}. */
  String manifest(String templateManifest, String template, String name) {
    Matcher packageName =
        Pattern.compile("(?m)^name = \"" + Pattern.quote(template) + "\"$")
            .matcher(templateManifest);
    if (!packageName.find() || !templateManifest.contains(TEMPLATE_SDK_PATH)) {
      throw new AppException(1, "template " + template + " has an unexpected Cargo.toml");
    }
    String app =
        packageName
            .replaceFirst(Matcher.quoteReplacement("name = \"" + name + "\""))
            .replace(TEMPLATE_SDK_PATH, APP_SDK_PATH)
            .stripTrailing();
    return app
        + "\n\n# This app is a workspace of its own; the SDK under sdk/ is a member, so every path the compiler\n"
        + "# records is relative to this directory.\n[workspace]\n\n"
        + templates.releaseProfile();
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path relative = from.relativize(source);
        if (relative.toString().isEmpty() && Files.isDirectory(source)) {
          Files.createDirectories(to);
          continue;
        }
        if (isSkipped(relative)) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean isSkipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
