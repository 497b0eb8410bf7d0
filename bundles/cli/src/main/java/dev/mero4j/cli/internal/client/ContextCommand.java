package dev.mero4j.cli.internal.client;

import picocli.CommandLine.Command;

/** {@code mero4j context}: create and list contexts on a running node. */
@Command(
    name = "context",
    description = "Create, list and inspect contexts (running instances of applications).",
    mixinStandardHelpOptions = true,
    subcommands = {ContextCreateCommand.class, ContextListCommand.class, ContextStatusCommand.class})
public final class ContextCommand {}
