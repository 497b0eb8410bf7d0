package dev.mero4j.templates.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's own Rust unit tests (key encoding, host lists, the ABI manifest) pass on the build
 * machine.
 */
class SdkUnitTest {
  private static final long TIMEOUT_MINUTES = 20;

  @TempDir Path target;

  @Test
  void cargoTestOfTheSdkPasses() throws Exception {
    Toolchain.require();
    Path log = target.resolve("cargo-test.log");
    ProcessBuilder test =
        new ProcessBuilder(
                Toolchain.CARGO.toString(),
                "test",
                "--locked",
                "-p",
                "mero4j-sdk",
                "--target-dir",
                target.toString())
            .directory(Toolchain.appTemplates().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    test.environment().put("PATH", "/usr/bin:" + System.getenv().getOrDefault("PATH", ""));
    Process process = test.start();
    boolean done = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!done) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done)
        .as("cargo test finished within %d minutes:%n%s", TIMEOUT_MINUTES, output)
        .isTrue();
    assertThat(process.exitValue()).as("cargo test -p mero4j-sdk:%n%s", output).isZero();
    assertThat(output).contains("test result: ok").doesNotContain("FAILED");
  }
}
