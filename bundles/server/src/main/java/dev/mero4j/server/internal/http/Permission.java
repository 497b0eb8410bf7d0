package dev.mero4j.server.internal.http;

/** Route groups a token can be granted; {@code admin} implies every other. */
public enum Permission {
  /** No token needed (liveness, readiness, token issue). */
  PUBLIC(""),
  ADMIN("admin"),
  APPLICATION("application"),
  CONTEXT_EXECUTE("context:execute");

  private final String claim;

  Permission(String claim) {
    this.claim = claim;
  }

  /** The value in a token's {@code permissions} claim. */
  public String claim() {
    return claim;
  }

  public static Permission fromClaim(String claim) {
    for (Permission p : values()) {
      if (p != PUBLIC && p.claim.equals(claim)) {
        return p;
      }
    }
    throw new ApiException(
        ErrorKind.INVALID_PARAMS, "unknown permission '" + Json.truncate(claim) + "'");
  }
}
