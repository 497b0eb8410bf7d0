package dev.mero4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
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
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void initCreatesAHomeAndRefusesToOverwriteIt() {
    Path home = dir.resolve("node1");
    assertThat(Main.execute("init", "--home", home.toString(), "--server-port", "3555")).isZero();
    assertThat(out.toString())
        .contains("Initialized Mero4j home")
        .contains("http://127.0.0.1:3555");
    assertThat(home.resolve("config.toml")).exists();
    assertThat(Main.execute("init", "--home", home.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("error: ").contains("--force").doesNotContain("Exception");
    assertThat(Main.execute("init", "--home", home.toString(), "--force")).isZero();
  }

  @Test
  void runOnAMissingHomeIsOneClearLine() {
    assertThat(Main.execute("run", "--home", dir.resolve("absent").toString())).isEqualTo(2);
    assertThat(err.toString().strip())
        .startsWith("error: no Mero4j home at")
        .contains("mero4j init")
        .doesNotContain("\tat ");
  }

  @Test
  void runWithARepeatedTableIsInvalidToml() throws Exception {
    Path home = dir.resolve("n");
    assertThat(Main.execute("init", "--home", home.toString())).isZero();
    Files.writeString(
        home.resolve("config.toml"),
        "[server]\nprot = 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(Main.execute("run", "--home", home.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not valid TOML (line").doesNotContain("\tat ");
  }

  @Test
  void runWithATypoInAKeyIsRejected() throws Exception {
    Path home = dir.resolve("n");
    assertThat(Main.execute("init", "--home", home.toString())).isZero();
    String config =
        Files.readString(home.resolve("config.toml")).replace("port = 2528", "prot = 2528");
    Files.writeString(home.resolve("config.toml"), config);
    assertThat(Main.execute("run", "--home", home.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'server.prot'").doesNotContain("\tat ");
  }

  @Test
  void badPortIsAUsageError() {
    assertThat(Main.execute("init", "--home", dir.toString(), "--server-port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--server-port must be between 1 and 65535");
    assertThat(Main.execute("init", "--home", dir.toString(), "--server-port", "x")).isEqualTo(2);
    assertThat(Main.execute("frobnicate")).isEqualTo(2);
  }

  @Test
  void initWithAnAdminPasswordTurnsApiAuthOn() throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "correct horse battery\n");
    Path home = dir.resolve("secure");
    assertThat(
            Main.execute(
                "init", "--home", home.toString(), "--admin-password-file", secret.toString()))
        .isZero();
    assertThat(out.toString()).contains("api auth  on (admin user admin");
    assertThat(home.resolve("auth.json")).exists();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("auth.json"))))
        .isEqualTo("rw-------");
    Files.writeString(secret, "short");
    assertThat(
            Main.execute(
                "init",
                "--home",
                dir.resolve("weak").toString(),
                "--admin-password-file",
                secret.toString()))
        .isEqualTo(2);
  }

  @Test
  void versionAndHelpWork() {
    assertThat(Main.execute("--version")).isZero();
    assertThat(out.toString()).startsWith("mero4j 0.1.0");
    assertThat(Main.execute("--help")).isZero();
    assertThat(out.toString()).contains("Examples:").contains("mero4j init --home");
  }
}
