package dev.mero4j.cli.internal.client;

import picocli.CommandLine.Command;

/** {@code mero4j network}: where a running node stands in the peer-to-peer network. */
@Command(
    name = "network",
    description = "Inspect a running node's peer-to-peer network.",
    mixinStandardHelpOptions = true,
    subcommands = {NetworkStatusCommand.class})
public final class NetworkCommand {}
