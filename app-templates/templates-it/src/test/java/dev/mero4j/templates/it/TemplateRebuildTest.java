package dev.mero4j.templates.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every template rebuilt from source with Debian's toolchain gives exactly the committed prebuilt
 * module (the build of {@code build-all.sh}: {@code cargo build --release --target
 * wasm32-unknown-unknown} with the workspace path remapped to {@code /app}).
 */
class TemplateRebuildTest {
  /**
   * A cold build compiles serde and syn (about a minute on two idle cores); allow for a loaded
   * machine.
   */
  private static final long BUILD_TIMEOUT_MINUTES = 20;

  /** One target directory for all templates: the dependencies are compiled once. */
  @TempDir static Path target;

  @BeforeAll
  static void toolchain() {
    Toolchain.require();
  }

  static List<String> templates() {
    return List.of(Toolchain.TEMPLATES);
  }

  @ParameterizedTest
  @MethodSource("templates")
  void rebuildMatchesThePrebuiltModule(String template) throws Exception {
    Path dir = Toolchain.appTemplates().resolve("templates").resolve(template);
    Path log = target.resolve(template + ".log");
    ProcessBuilder build =
        new ProcessBuilder(
                Toolchain.CARGO.toString(),
                "build",
                "--release",
                "--locked",
                "--target",
                Toolchain.TARGET,
                "--target-dir",
                target.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    build.environment().put("PATH", "/usr/bin:" + System.getenv().getOrDefault("PATH", ""));
    List.of(
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_BUILD_RUSTFLAGS",
            "CARGO_TARGET_DIR",
            "CARGO_BUILD_TARGET_DIR")
        .forEach(build.environment()::remove);
    // As build-all.sh: rustc records the workspace's absolute path in panic locations.
    build
        .environment()
        .put("RUSTFLAGS", "--remap-path-prefix=" + Toolchain.appTemplates().toRealPath() + "=/app");
    Process process = build.start();
    boolean done = process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!done) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done)
        .as(
            "cargo build of %s finished within %d minutes:%n%s",
            template, BUILD_TIMEOUT_MINUTES, output)
        .isTrue();
    assertThat(process.exitValue()).as("cargo build of %s:%n%s", template, output).isZero();

    Path built =
        target
            .resolve(Toolchain.TARGET)
            .resolve("release")
            .resolve(template.replace('-', '_') + ".wasm");
    byte[] rebuilt = Files.readAllBytes(built);
    byte[] committed = Files.readAllBytes(Toolchain.prebuilt(template));
    assertThat(sha256(rebuilt))
        .as(
            "%s rebuilt from source (%d bytes) differs from prebuilt/%s.wasm (%d bytes); run app-templates/build-all.sh and commit",
            template, rebuilt.length, template, committed.length)
        .isEqualTo(sha256(committed));
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
