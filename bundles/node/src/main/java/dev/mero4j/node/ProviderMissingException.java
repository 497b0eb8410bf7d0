package dev.mero4j.node;

/** The configuration names a provider that is not deployed in this node. */
public class ProviderMissingException extends NodeException {
  private static final long serialVersionUID = 1L;

  public ProviderMissingException(String message) {
    super(message);
  }
}
