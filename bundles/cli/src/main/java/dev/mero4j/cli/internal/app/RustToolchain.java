package dev.mero4j.cli.internal.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Rust toolchain for wasm32 (rustc 1.63, cargo 1.65, libstd-rust-dev-wasm32, crates in
 * /usr/share/cargo).
 */
public record RustToolchain(Path prefix) {
  /** System property overriding the installation prefix ({@code /usr}). */
  public static final String PROPERTY = "mero4j.rust.prefix";

  public static final String TARGET = "wasm32-unknown-unknown";

  /** The apt packages an app build needs. */
  public static final String INSTALL_COMMAND =
      "apt-get install rustc cargo libstd-rust-dev-wasm32 librust-serde-dev librust-serde-json-dev "
          + "librust-serde-derive-dev librust-syn-dev librust-quote-dev librust-proc-macro2-dev";

  /**
   * Where rustc records the workspace's absolute path (panic locations), it writes this instead.
   */
  static final String REMAPPED_ROOT = "/app";

  private static final Pattern WASM_FILE = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*\\.wasm)\"");

  /** The toolchain under {@value #PROPERTY}, by default {@code /usr}. */
  public static RustToolchain system() {
    return new RustToolchain(Path.of(System.getProperty(PROPERTY, "/usr")));
  }

  Path cargo() {
    return prefix.resolve("bin").resolve("cargo");
  }

  /** What is missing for a wasm32 build, or {@code null} when nothing is. */
  public String missing() {
    if (!Files.isExecutable(cargo())) {
      return cargo().toString();
    }
    if (!Files.isExecutable(prefix.resolve("bin").resolve("rustc"))) {
      return prefix.resolve("bin").resolve("rustc").toString();
    }
    if (!hasEntry(prefix.resolve("lib/rustlib").resolve(TARGET).resolve("lib"), "libstd-")) {
      return "the wasm32 standard library (" + prefix.resolve("lib/rustlib").resolve(TARGET) + ")";
    }
    if (!hasEntry(prefix.resolve("share/cargo/registry"), "serde_json-")) {
      return "the Debian crates (" + prefix.resolve("share/cargo/registry") + ")";
    }
    return null;
  }

  /**
   * Runs {@code cargo build --release --target wasm32-unknown-unknown} in {@code project}, copying
   * cargo's progress to {@code progress}, and returns the .wasm files built.
   */
  public List<Path> build(Path project, PrintWriter progress) {
    Path workspace = workspaceRoot(project);
    List<String> stdout =
        run(
            project,
            progress,
            List.of(
                "build",
                "--release",
                "--target",
                TARGET,
                "--message-format=json-render-diagnostics"),
            "--remap-path-prefix=" + workspace + "=" + REMAPPED_ROOT);
    List<Path> wasm = new ArrayList<>();
    for (String line : stdout) {
      if (line.contains("\"reason\":\"compiler-artifact\"")) {
        Matcher m = WASM_FILE.matcher(line);
        while (m.find()) {
          wasm.add(Path.of(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
        }
      }
    }
    return wasm;
  }

  /** The directory of the Cargo workspace {@code project} belongs to. */
  Path workspaceRoot(Path project) {
    List<String> out =
        run(
            project,
            null,
            List.of("locate-project", "--workspace", "--message-format", "plain"),
            null);
    if (out.isEmpty()) {
      throw new AppException(1, "cargo locate-project printed nothing for " + project);
    }
    return Path.of(out.get(0).strip()).getParent();
  }

  /** Runs cargo; stderr goes to {@code progress} (or is kept for the error), stdout is returned. */
  private List<String> run(Path dir, PrintWriter progress, List<String> args, String rustflags) {
    List<String> command = new ArrayList<>();
    command.add(cargo().toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder
        .environment()
        .put("PATH", prefix.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", ""));
    builder.environment().remove("CARGO_ENCODED_RUSTFLAGS");
    if (rustflags != null) {
      builder.environment().put("RUSTFLAGS", rustflags);
    }
    try {
      Process process = builder.start();
      StringBuilder errors = new StringBuilder();
      Thread pump =
          new Thread(() -> copy(process.getErrorStream(), progress, errors), "cargo-stderr");
      pump.start();
      List<String> stdout;
      try (BufferedReader reader = reader(process.getInputStream())) {
        stdout = reader.lines().toList();
      }
      int exit = process.waitFor();
      pump.join();
      if (exit != 0) {
        String detail = progress == null ? ": " + errors.toString().strip() : "";
        throw new AppException(
            1, "cargo " + args.get(0) + " failed in " + dir + " (exit " + exit + ")" + detail);
      }
      return stdout;
    } catch (IOException e) {
      throw new AppException(1, "cannot run " + cargo() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppException(1, "interrupted while running cargo");
    }
  }

  private static void copy(InputStream in, PrintWriter progress, StringBuilder kept) {
    try (BufferedReader reader = reader(in)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (progress != null) {
          progress.println(line);
          progress.flush();
        } else {
          kept.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static boolean hasEntry(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    } catch (IOException e) {
      return false;
    }
  }
}
