package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.List;

/**
 * Answers the membership requests of the sync protocol: join sessions (a member proves itself for
 * the session, then admits the joiner or refuses with the invitation's culprit, signed for the
 * session; a node that cannot admit resets the stream so the joiner asks another peer) and
 * governance ops (served sealed, so only members can read them).
 */
public final class MembershipServer {
  private final ReplicaDirectory contexts;
  private final Admissions admissions;
  private final JoinSessions sessions;

  public MembershipServer(ReplicaDirectory contexts, Admissions admissions, JoinSessions sessions) {
    this.contexts = contexts;
    this.admissions = admissions;
    this.sessions = sessions;
  }

  /**
   * Opens a session for {@code from}: this node's nonce and member proof for the held context the
   * hello's tag names ({@link JoinTags}, one HMAC per held context), or a reset, the same whether
   * the tag matches no context or one this node cannot prove membership of.
   */
  public SyncFrame.JoinChallenge hello(PeerId from, SyncFrame.JoinHello hello) {
    PeerId self = self(from);
    ContextId context =
        JoinTags.resolve(contexts, from, self, hello.nonce(), hello.tag())
            .orElseThrow(() -> cannotAdmit(from, null));
    byte[] nonce = sessions.issue(from, context, hello.nonce());
    byte[] session = JoinSessions.transcript(context, from, self, hello.nonce(), nonce);
    try {
      return new SyncFrame.JoinChallenge(nonce, admissions.proveMembership(context, session));
    } catch (UnknownContextException e) {
      throw cannotAdmit(from, e);
    }
  }

  /** The one refusal of a hello, whatever the cause, so it tells a stranger nothing. */
  private static ProtocolViolationException cannotAdmit(PeerId from, Exception cause) {
    return new ProtocolViolationException("no context this node can admit to for " + from, cause);
  }

  /** Answers a join request of a session this node opened with {@code from}, or resets. */
  public SyncFrame.JoinResponse join(PeerId from, SyncFrame.JoinRequest request) {
    PeerId self = self(from);
    if (!sessions.valid(from, request.context(), request.joinerNonce(), request.responderNonce())) {
      throw new ProtocolViolationException(
          "join request from " + from + " outside a session this node opened with it");
    }
    byte[] session =
        JoinSessions.transcript(
            request.context(), from, self, request.joinerNonce(), request.responderNonce());
    try {
      return new SyncFrame.JoinResponse(admissions.admit(request.request(), session));
    } catch (UnknownContextException e) {
      throw new ProtocolViolationException("cannot admit " + from + ": " + e.getMessage(), e);
    } catch (RejectedGovernanceOpException e) {
      throw new ProtocolViolationException(
          "malformed join request from " + from + ": " + e.getMessage(), e);
    }
  }

  private PeerId self(PeerId from) {
    return sessions
        .self()
        .orElseThrow(() -> new ProtocolViolationException("this server admits nobody: " + from));
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
