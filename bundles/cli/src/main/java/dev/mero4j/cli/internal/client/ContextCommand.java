package dev.mero4j.cli.internal.client;

import picocli.CommandLine.Command;

/** {@code mero4j context}: contexts on a running node, their sync state and their members. */
@Command(
    name = "context",
    description = "Create, inspect, share and join contexts (running instances of applications).",
    mixinStandardHelpOptions = true,
    subcommands = {
      ContextCreateCommand.class,
      ContextListCommand.class,
      ContextStatusCommand.class,
      ContextHistoryCommand.class,
      ContextDiffCommand.class,
      ContextStateCommand.class,
      ContextInviteCommand.class,
      ContextJoinCommand.class,
      ContextMembersCommand.class,
      ContextSetRoleCommand.class,
      ContextRemoveMemberCommand.class,
      ContextRevokeInvitationCommand.class
    })
public final class ContextCommand {}
