package dev.mero4j.console.api;

import dev.mero4j.primitives.ContextId;
import java.io.PrintWriter;

/** The console session a command runs in: the node, the operator's output and name resolution. */
public interface ConsoleSession {
  /** The node this session is attached to. */
  ConsoleNode node();

  /** The operator's output; lines written here appear above the prompt. */
  PrintWriter out();

  /**
   * Resolves what an operator typed for a context: an alias, a Base58 id, a unique id prefix or a
   * context handle.
   *
   * @throws ConsoleException when nothing or more than one context matches
   */
  ContextId context(Object reference);
}
