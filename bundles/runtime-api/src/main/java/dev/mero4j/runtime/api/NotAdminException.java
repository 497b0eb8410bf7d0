package dev.mero4j.runtime.api;

/**
 * A membership change (invite, remove, set role, revoke) needs an admin identity this node does not
 * hold.
 */
public class NotAdminException extends UnauthorizedException {
  private static final long serialVersionUID = 1L;

  public NotAdminException(String message) {
    super(message);
  }

  public NotAdminException(String message, Throwable cause) {
    super(message, cause);
  }
}
