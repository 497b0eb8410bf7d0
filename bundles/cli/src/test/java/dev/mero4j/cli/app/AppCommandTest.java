package dev.mero4j.cli.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mero4j.cli.Main;
import dev.mero4j.cli.internal.app.AppTemplates;
import dev.mero4j.cli.internal.app.RustToolchain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mero4j app new} and {@code mero4j app build} through the real command line. */
class AppCommandTest {
  /** The checkout's templates, seen from the module directory bundles/cli. */
  private static final Path TEMPLATES = Path.of("../../app-templates").toAbsolutePath().normalize();

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setProperty(AppTemplates.PROPERTY, TEMPLATES.toString());
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    System.clearProperty(AppTemplates.PROPERTY);
    System.clearProperty(RustToolchain.PROPERTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kv-store", "collab-editor", "counter", "event-handlers"})
  void newCopiesTheTemplateAndTheSdkIntoAStandAloneWorkspace(String template) throws Exception {
    Path app = dir.resolve("my-app");
    assertThat(Main.execute("app", "new", "--template", template, app.toString())).isZero();
    assertThat(out.toString())
        .contains("Created app 'my-app' from template " + template)
        .contains("mero4j app build");

    String manifest = Files.readString(app.resolve("Cargo.toml"));
    assertThat(manifest)
        .contains("name = \"my-app\"")
        .contains("mero4j-sdk = { path = \"sdk/mero4j-sdk\" }")
        .contains("[workspace]")
        .contains("[profile.release]")
        .contains("lto = true")
        .contains("strip = true")
        .doesNotContain("../../sdk");
    assertThat(app.resolve("src/lib.rs"))
        .hasSameTextualContentAs(TEMPLATES.resolve("templates/" + template + "/src/lib.rs"));
    assertThat(app.resolve(".cargo/config.toml"))
        .content()
        .contains("/usr/share/cargo/registry")
        .contains("offline = true");
    assertThat(app.resolve("sdk/mero4j-sdk/src/lib.rs")).exists();
    assertThat(app.resolve("sdk/mero4j-sdk-macros/src/app.rs")).exists();
    assertThat(app.resolve("sdk/mero4j-sdk/target")).doesNotExist();
    assertThat(app.resolve(".gitignore")).content().contains("target/");
  }

  @Test
  void newRefusesUnknownTemplatesBadNamesAndNonEmptyDirectories() throws Exception {
    assertThat(Main.execute("app", "new", "--template", "chess", dir.resolve("a").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown template 'chess'")
        .contains("kv-store")
        .doesNotContain("\tat ");

    assertThat(
            Main.execute("app", "new", "--template", "counter", dir.resolve("Bad Name").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("invalid app name 'Bad Name'").contains("--name");
    assertThat(
            Main.execute(
                "app",
                "new",
                "--template",
                "counter",
                "--name",
                "good",
                dir.resolve("Bad Name").toString()))
        .isZero();
  }

  @Test
  void newRefusesANonEmptyDirectory() throws Exception {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("notes.txt"), "mine");
    assertThat(Main.execute("app", "new", "--template", "counter", full.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("already exists and is not empty");
    assertThat(full.resolve("Cargo.toml")).doesNotExist();
  }

  @Test
  void buildWithoutTheToolchainNamesTheAptPackages() throws Exception {
    System.setProperty(RustToolchain.PROPERTY, dir.resolve("no-rust").toString());
    Path app = dir.resolve("app");
    assertThat(Main.execute("app", "new", "--template", "counter", app.toString())).isZero();
    assertThat(Main.execute("app", "build", app.toString())).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: Debian's Rust toolchain for wasm32 is missing")
        .contains("apt-get install rustc cargo libstd-rust-dev-wasm32")
        .doesNotContain("\tat ");
  }

  @Test
  void buildOfADirectoryWithoutCargoTomlIsAUsageError() {
    assumeTrue(
        RustToolchain.system().missing() == null, "Debian's Rust toolchain is not installed");
    assertThat(Main.execute("app", "build", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("has no Cargo.toml");
  }

  @Test
  void newThenBuildProducesAModuleNamedAfterTheApp() throws Exception {
    String missing = RustToolchain.system().missing();
    if (System.getenv("CI") != null) {
      assertThat(missing)
          .as("Debian's Rust toolchain under CI (" + RustToolchain.INSTALL_COMMAND + ")")
          .isNull();
    }
    assumeTrue(missing == null, () -> missing + " is missing: " + RustToolchain.INSTALL_COMMAND);
    Path app = dir.resolve("tally");
    assertThat(Main.execute("app", "new", "--template", "counter", app.toString())).isZero();

    assertThat(Main.execute("app", "build", app.toString())).as(err.toString()).isZero();

    Matcher printed =
        Pattern.compile("(\\S+/tally\\.wasm) \\((\\d+) bytes\\)").matcher(out.toString());
    assertThat(printed.find()).as(out.toString()).isTrue();
    Path wasm = Path.of(printed.group(1));
    assertThat(wasm).startsWith(app.resolve("target"));
    byte[] bytes = Files.readAllBytes(wasm);
    assertThat(bytes.length).isEqualTo(Integer.parseInt(printed.group(2)));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text)
        .contains("mero4j.abi")
        .contains("\"name\":\"tally\"")
        .doesNotContain(dir.toString());
  }
}
