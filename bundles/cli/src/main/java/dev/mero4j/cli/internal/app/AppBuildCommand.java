package dev.mero4j.cli.internal.app;

import dev.mero4j.cli.internal.ErrorHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j app build DIR}: builds an app with Debian's Rust toolchain and prints the .wasm
 * path and size.
 */
@Command(
    name = "build",
    description =
        "Build an app: cargo build --release --target wasm32-unknown-unknown with Debian's Rust toolchain.",
    mixinStandardHelpOptions = true)
public final class AppBuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The app's directory (default: the current one).")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RustToolchain toolchain = RustToolchain.system();
    String missing = toolchain.missing();
    if (missing != null) {
      err.println(
          "error: Debian's Rust toolchain for wasm32 is missing ("
              + missing
              + "); install it with: "
              + RustToolchain.INSTALL_COMMAND);
      return ErrorHandler.USAGE;
    }
    Path project = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(project.resolve("Cargo.toml"))) {
      err.println(
          "error: "
              + project
              + " has no Cargo.toml; create an app with: mero4j app new --template kv-store DIR");
      return ErrorHandler.USAGE;
    }
    try {
      List<Path> built = toolchain.build(project, err);
      if (built.isEmpty()) {
        err.println(
            "error: cargo built no .wasm in "
                + project
                + "; is the crate a cdylib ([lib] crate-type = [\"cdylib\"])?");
        return ErrorHandler.RUNTIME_FAILURE;
      }
      for (Path wasm : built) {
        out.println(wasm + " (" + Files.size(wasm) + " bytes)");
      }
      return 0;
    } catch (AppException e) {
      err.println("error: " + e.getMessage());
      return e.exitCode() == 2 ? ErrorHandler.USAGE : ErrorHandler.RUNTIME_FAILURE;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
