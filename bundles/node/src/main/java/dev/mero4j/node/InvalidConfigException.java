package dev.mero4j.node;

/** A {@code config.toml} that cannot be parsed, has an unknown key or a value of the wrong type. */
public class InvalidConfigException extends NodeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
