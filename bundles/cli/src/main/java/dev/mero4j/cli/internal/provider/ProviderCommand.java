package dev.mero4j.cli.internal.provider;

import picocli.CommandLine.Command;

/** {@code mero4j provider}: the providers of a running node, and live swaps between them. */
@Command(
    name = "provider",
    description =
        "List a running node's providers and swap one live (storage migration, WASM engine).",
    mixinStandardHelpOptions = true,
    subcommands = {ProviderListCommand.class, ProviderSwapCommand.class})
public final class ProviderCommand {}
