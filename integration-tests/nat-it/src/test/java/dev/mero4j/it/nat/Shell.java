package dev.mero4j.it.nat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs system commands ({@code ip}, {@code nft}) to completion with checked exit codes. */
final class Shell {
  /** Time one {@code ip} or {@code nft} command may take; they finish in milliseconds. */
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private Shell() {}

  /** The output of a finished command. */
  record Result(int exitCode, String out, String err) {}

  /** Runs {@code command}, feeding it {@code stdin}; throws unless it exits 0. */
  static String run(String stdin, List<String> command) {
    Result result = attempt(stdin, command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "`"
              + String.join(" ", command)
              + "` exited "
              + result.exitCode()
              + (stdin.isEmpty() ? "" : " (input: " + stdin.strip() + ")")
              + ": "
              + result.err().strip()
              + result.out().strip());
    }
    return result.out();
  }

  /** Runs {@code command}; throws unless it exits 0. */
  static String run(String... command) {
    return run("", List.of(command));
  }

  /** Runs {@code command} and returns whatever it exits with. */
  static Result attempt(String stdin, List<String> command) {
    List<String> resolved = new java.util.ArrayList<>(command);
    resolved.set(0, which(command.get(0)).map(Path::toString).orElse(command.get(0)));
    ProcessBuilder builder = new ProcessBuilder(resolved);
    builder.environment().put("PATH", searchPath());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start `" + String.join(" ", command) + "`: " + e, e);
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      process.destroyForcibly();
      throw new IllegalStateException("cannot write to `" + String.join(" ", command) + "`", e);
    }
    try {
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish");
      }
      return new Result(
          process.exitValue(),
          out.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS),
          err.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("reading `" + String.join(" ", command) + "`", e);
    }
  }

  /** The executable {@code name} on the PATH (or in the sbin directories root has), if any. */
  static java.util.Optional<Path> which(String name) {
    if (name.contains("/")) {
      return java.util.Optional.of(Path.of(name));
    }
    for (String dir : java.util.regex.Pattern.compile(":").splitAsStream(searchPath()).toList()) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return java.util.Optional.of(candidate);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** This JVM's PATH plus the sbin directories where {@code ip}, {@code nft} and sysctl live. */
  static String searchPath() {
    return System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
  }

  private static CompletableFuture<String> drain(java.io.InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e + ">";
          }
        },
        runnable -> {
          Thread thread = new Thread(runnable, "shell-output");
          thread.setDaemon(true);
          thread.start();
        });
  }
}
