package dev.mero4j.templates.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Debian's Rust toolchain for wasm32 and where the templates are; skips, or fails under CI, when
 * absent.
 */
final class Toolchain {
  static final Path CARGO = Path.of("/usr/bin/cargo");
  static final Path RUSTC = Path.of("/usr/bin/rustc");

  /** Where libstd-rust-dev-wasm32 puts the wasm32 standard library (Debian's sysroot is /usr). */
  static final Path WASM32_STD = Path.of("/usr/lib/rustlib/wasm32-unknown-unknown/lib");

  static final Path CRATES = Path.of("/usr/share/cargo/registry");
  static final String INSTALL =
      "apt-get install rustc cargo libstd-rust-dev-wasm32 librust-serde-dev librust-serde-json-dev "
          + "librust-serde-derive-dev librust-syn-dev librust-quote-dev librust-proc-macro2-dev";
  static final String TARGET = "wasm32-unknown-unknown";

  /** Templates the SDK ships, in build order. */
  static final String[] TEMPLATES = {"kv-store", "collab-editor", "counter", "event-handlers"};

  private Toolchain() {}

  /** The app-templates directory of the checkout. */
  static Path appTemplates() {
    String configured = System.getProperty("mero4j.appTemplates");
    Path dir = configured != null ? Path.of(configured) : Path.of("..");
    return dir.toAbsolutePath().normalize();
  }

  static Path prebuilt(String template) {
    return appTemplates().resolve("prebuilt").resolve(template + ".wasm");
  }

  /**
   * Skips the test when the toolchain is missing, or fails it when the environment variable CI is
   * set.
   */
  static void require() {
    String missing = missing();
    if (missing == null) {
      return;
    }
    String message =
        missing + " is missing: install Debian's Rust toolchain with `" + INSTALL + "`";
    if (System.getenv("CI") != null) {
      fail(message);
    }
    assumeTrue(false, message);
  }

  private static String missing() {
    if (!Files.isExecutable(CARGO)) {
      return CARGO.toString();
    }
    if (!Files.isExecutable(RUSTC)) {
      return RUSTC.toString();
    }
    if (!hasFile(WASM32_STD, "libstd-")) {
      return "the wasm32 standard library (" + WASM32_STD + ")";
    }
    if (!hasFile(CRATES, "serde_json-")) {
      return "the Debian crates (" + CRATES + "/serde_json-*)";
    }
    return null;
  }

  private static boolean hasFile(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
    } catch (IOException e) {
      return false;
    }
  }
}
