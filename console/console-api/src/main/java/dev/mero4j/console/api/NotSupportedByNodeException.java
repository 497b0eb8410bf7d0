package dev.mero4j.console.api;

/** The node cannot do what the operator asked yet; the message names the missing capability. */
public class NotSupportedByNodeException extends ConsoleException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what the operation, as in {@code "syncing contexts with peers"}
   */
  public NotSupportedByNodeException(String what) {
    super("not supported by this node yet: " + what);
  }
}
