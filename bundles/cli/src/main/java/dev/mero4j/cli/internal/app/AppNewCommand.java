package dev.mero4j.cli.internal.app;

import dev.mero4j.cli.internal.ErrorHandler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mero4j app new --template <name> DIR}: scaffolds an app from a template. */
@Command(
    name = "new",
    description = "Create an app from a template: a Cargo project with the Mero4j Rust SDK.",
    mixinStandardHelpOptions = true)
public final class AppNewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--template",
      required = true,
      paramLabel = "<name>",
      description = "kv-store, collab-editor, counter or event-handlers.")
  String template;

  @Option(names = "--name", description = "Package and app name (default: the directory's name).")
  String name;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "Directory to create (absent or empty).")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path target = dir.toAbsolutePath().normalize();
      String appName = name != null ? name : String.valueOf(target.getFileName());
      new AppScaffold(AppTemplates.locate()).create(template, appName, target);
      out.println("Created app '" + appName + "' from template " + template + " in " + target);
      out.println("Build it with: mero4j app build " + dir);
      return 0;
    } catch (AppException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return e.exitCode() == 2 ? ErrorHandler.USAGE : ErrorHandler.RUNTIME_FAILURE;
    }
  }
}
