package dev.mero4j.cli.internal;

import dev.mero4j.node.NodeHome;

/** Boots a node from a home, blocks until it stops, and returns the exit code. */
interface NodeLauncher {
  int run(NodeHome home, RunCommand.ReadyPrinter printer);
}
