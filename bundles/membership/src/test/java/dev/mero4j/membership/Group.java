package dev.mero4j.membership;

import dev.mero4j.storage.api.StorageEngine;
import java.util.Optional;

/** A context created by an admin on its own node, and helpers to bring more members in. */
final class Group {
  final MemberIdentity admin = Fixtures.identity(100);
  final StorageEngine adminStorage = Fixtures.storage();
  final ContextMembership adminView =
      ContextMembership.create(
          Fixtures.APP, Fixtures.NONCE, admin, adminStorage, Fixtures.CLOCK, Fixtures.random(101));

  /**
   * Invites {@code who} with a secret invitation, accepts it at the admin, and joins on a fresh
   * node.
   */
  ContextMembership join(MemberIdentity who, Role role) {
    IssuedInvitation issued =
        adminView.invite(role, ContextMembership.DEFAULT_INVITATION_VALIDITY, Optional.empty());
    JoinResponse response =
        adminView.accept(
            JoinRequest.create(
                IssuedInvitation.parse(issued.withHints(Fixtures.HINTS).toText()),
                who,
                Fixtures.SESSION));
    if (response instanceof JoinResponse.Refused refused) {
      throw refused.toException();
    }
    return ContextMembership.join(
        issued.invitation(),
        (JoinResponse.Accepted) response,
        who,
        Fixtures.storage(),
        Fixtures.CLOCK,
        Fixtures.random(who.hashCode()));
  }
}
