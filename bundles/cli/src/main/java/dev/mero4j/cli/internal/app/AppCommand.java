package dev.mero4j.cli.internal.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mero4j app}: create and build apps (Rust compiled to WebAssembly). */
@Command(
    name = "app",
    description =
        "Create and build Mero4j apps: Rust crates compiled to WebAssembly with Debian's toolchain.",
    mixinStandardHelpOptions = true,
    subcommands = {AppNewCommand.class, AppBuildCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  mero4j app new --template kv-store my-store     scaffold an app (kv-store, collab-editor, counter, event-handlers)",
      "  mero4j app build my-store                       build it; prints the .wasm path and size"
    })
public final class AppCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand (new, build, install, list)");
  }
}
