package dev.mero4j.cli.internal;

import dev.mero4j.cli.internal.client.ClientException;
import dev.mero4j.node.InvalidConfigException;
import dev.mero4j.node.InvalidHomeException;
import dev.mero4j.node.NodeException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Maps failures to one clear line on stderr and an exit code; the only place that does so. */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  /** Exit code of a runtime failure (port in use, provider missing, storage error). */
  public static final int RUNTIME_FAILURE = 1;

  /** Exit code of bad usage, a bad config or a bad home. */
  public static final int USAGE = 2;

  /** Exit code of an unexpected internal error (a bug). */
  public static final int INTERNAL = 70;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    cli.getErr().println("error: " + e.getMessage());
    if (e instanceof InvalidConfigException
        || e instanceof InvalidHomeException
        || e instanceof ParameterException) {
      return USAGE;
    }
    if (e instanceof NodeException
        || e instanceof LaunchException
        || e instanceof ClientException) {
      return RUNTIME_FAILURE;
    }
    cli.getErr().println("internal error; please report it with this trace:");
    e.printStackTrace(cli.getErr());
    return INTERNAL;
  }

  /** Bad flags: the message and a pointer to --help, no stack trace. */
  public static int onParameterError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    cli.getErr().println("error: " + e.getMessage());
    cli.getErr().println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    return USAGE;
  }
}
