package dev.mero4j.replication.internal;

import dev.mero4j.membership.MembershipException;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.List;

/**
 * Answers the membership requests of the sync protocol: joins (a member admits the joiner or
 * refuses with the invitation's culprit; a node that cannot admit resets the stream so the joiner
 * asks another peer) and governance ops (served sealed, so only members can read them).
 */
public final class MembershipServer {
  private final ContextManager contexts;

  public MembershipServer(ContextManager contexts) {
    this.contexts = contexts;
  }

  public SyncFrame.JoinResponse join(PeerId from, SyncFrame.JoinRequest request) {
    try {
      return new SyncFrame.JoinResponse(contexts.admit(request.request()));
    } catch (UnknownContextException e) {
      throw new ProtocolViolationException("cannot admit " + from + ": " + e.getMessage(), e);
    } catch (MembershipException e) {
      throw new ProtocolViolationException("malformed join request from " + from + ": " + e.getMessage(), e);
    }
  }

  public SyncFrame.KeyResponse keys(SyncFrame.KeyRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return new SyncFrame.KeyResponse(List.of());
    }
    return new SyncFrame.KeyResponse(contexts.replica(request.context()).wrappedKeysFor(request.member()));
  }

  public SyncFrame.GovernanceResponse governance(SyncFrame.GovernanceRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return new SyncFrame.GovernanceResponse(List.of());
    }
    return new SyncFrame.GovernanceResponse(contexts.replica(request.context()).governanceOps(request.ids()));
  }
}
