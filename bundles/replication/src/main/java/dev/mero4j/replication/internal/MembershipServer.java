package dev.mero4j.replication.internal;

import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.ReplicaDirectory;
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
  private final ReplicaDirectory contexts;
  private final Admissions admissions;

  public MembershipServer(ReplicaDirectory contexts, Admissions admissions) {
    this.contexts = contexts;
    this.admissions = admissions;
  }

  public SyncFrame.JoinResponse join(PeerId from, SyncFrame.JoinRequest request) {
    try {
      return new SyncFrame.JoinResponse(admissions.admit(request.request()));
    } catch (UnknownContextException e) {
      throw new ProtocolViolationException("cannot admit " + from + ": " + e.getMessage(), e);
    } catch (RejectedGovernanceOpException e) {
      throw new ProtocolViolationException(
          "malformed join request from " + from + ": " + e.getMessage(), e);
    }
  }

  public SyncFrame.KeyResponse keys(SyncFrame.KeyRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return new SyncFrame.KeyResponse(List.of());
    }
    return new SyncFrame.KeyResponse(
        contexts.keys(request.context()).wrappedKeysFor(request.member()));
  }

  public SyncFrame.GovernanceResponse governance(SyncFrame.GovernanceRequest request) {
    if (!contexts.contextIds().contains(request.context())) {
      return new SyncFrame.GovernanceResponse(List.of());
    }
    return new SyncFrame.GovernanceResponse(
        contexts.governance(request.context()).governanceOps(request.ids()));
  }
}
