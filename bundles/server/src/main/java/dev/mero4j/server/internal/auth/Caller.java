package dev.mero4j.server.internal.auth;

import dev.mero4j.server.internal.http.Permission;
import java.util.Set;

/** Who made a request and what its token allows. */
public record Caller(String subject, Set<String> permissions) {
  /** The caller when auth is off: the local operator, allowed everything. */
  public static final Caller LOCAL = new Caller("local", Set.of(Permission.ADMIN.claim()));

  public Caller {
    permissions = Set.copyOf(permissions);
  }

  public boolean allows(Permission permission) {
    return permission == Permission.PUBLIC
        || permissions.contains(Permission.ADMIN.claim())
        || permissions.contains(permission.claim());
  }
}
