package dev.mero4j.server;

/** Auth is off but the server would listen on a non-loopback address. */
public class InsecureConfigException extends ApiServerException {
  private static final long serialVersionUID = 1L;

  public InsecureConfigException(String message) {
    super(message);
  }
}
