package dev.mero4j.runtime.internal;

import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.InvalidInvitationException;
import dev.mero4j.membership.Invitation;
import dev.mero4j.membership.InvitationId;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinHints;
import dev.mero4j.membership.JoinRequest;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.membership.JoinSession;
import dev.mero4j.membership.MemberIdentity;
import dev.mero4j.membership.MembershipException;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.JoinAttempt;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.PeerRoute;
import dev.mero4j.runtime.api.UnknownApplicationException;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.WriteBatch;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The joiner's side of an invitation: checks what it can locally (form, signature, expiry), fetches
 * the application and asks members through the {@link ContextJoiner}, one proven session each, and
 * on acceptance stores the governance log, the key ring and the context record of a member identity
 * persisted before the first request.
 */
public final class ContextJoining {
  /** Keyspace of the identities of joins in progress, by invitation id (secret, like records). */
  static final String PENDING = "joins";

  private final ContextStore store;
  private final Clock clock;
  private final SecureRandom random;
  private volatile ContextJoiner joiner;

  public ContextJoining(ContextStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /** A joined (or already held) context; {@code membership} is null when it was already held. */
  public record Joined(
      ContextStore.ContextRecord record, ContextMembership membership, boolean created) {}

  public void setJoiner(ContextJoiner joiner) {
    this.joiner = joiner;
  }

  /** How peers reach this node, as the carrier knows it; {@link PeerRoute#NONE} without one. */
  public PeerRoute localRoute() {
    ContextJoiner carrier = joiner;
    return carrier == null ? PeerRoute.NONE : carrier.localRoute();
  }

  /** The applications of this node, as joining needs them. */
  public interface Applications {
    boolean installed(ApplicationId application);

    /** Installs a fetched module; {@code source} names where it came from. */
    void install(byte[] module, String source);

    /** The largest module this node runs. */
    long maxModuleBytes();
  }

  /**
   * Redeems an invitation text: fetches the context's application from the inviter (then other
   * members) when it is not installed, then asks the inviter (then other members) for admission.
   *
   * @param existing the record of a context this node already holds, or null
   */
  public synchronized Joined join(
      String text,
      Function<ContextId, ContextStore.ContextRecord> existing,
      Applications applications) {
    IssuedInvitation issued;
    try {
      issued = IssuedInvitation.parse(text);
    } catch (MembershipException e) {
      throw refused(
          InvalidInvitationException.Reason.MALFORMED, "not an invitation: " + e.getMessage(), e);
    }
    Invitation invitation = issued.invitation();
    ContextStore.ContextRecord held = existing.apply(invitation.context());
    if (held != null) {
      return new Joined(held, null, false);
    }
    if (!invitation.verifySignature()) {
      throw refused(
          InvalidInvitationException.Reason.FORGED,
          "the invitation does not carry its inviter's signature",
          null);
    }
    if (!clock.instant().isBefore(invitation.expiresAt())) {
      throw refused(
          InvalidInvitationException.Reason.EXPIRED,
          "the invitation expired at " + invitation.expiresAt(),
          null);
    }
    JoinHints hints = issued.hints().orElseThrow();
    PeerRoute inviter = new PeerRoute(hints.peer(), hints.addresses());
    ContextJoiner carrier = joiner;
    if (carrier == null && !applications.installed(invitation.application())) {
      throw new UnknownApplicationException(
          "no application " + invitation.application() + " and no peer to fetch it from");
    }
    if (carrier == null) {
      throw new JoinUnavailableException(
          "replication is not running on this node; no peer can be asked");
    }
    ensureApplication(carrier, invitation.application(), hints, inviter, applications);
    MemberIdentity self = pendingIdentity(invitation.id());
    Attempt attempt = new Attempt(issued, self, hints.rendezvousSecret());
    carrier.requestJoin(attempt, inviter);
    JoinResponse response = attempt.response;
    if (response == null) {
      throw new JoinUnavailableException("the carrier ended the join without a member's answer");
    }
    if (response instanceof JoinResponse.Refused no) {
      throw refused(no.reason(), no.message(), null);
    }
    ContextMembership membership;
    try {
      membership =
          ContextMembership.join(
              invitation, (JoinResponse.Accepted) response, self, store.storage(), clock, random);
    } catch (MembershipException e) {
      store.delete(invitation.context());
      throw new JoinUnavailableException(
          "the member's answer does not admit this node: " + e.getMessage(), e);
    }
    ContextStore.ContextRecord record =
        new ContextStore.ContextRecord(
            invitation.context(), invitation.application(), self, hints.rendezvousSecret());
    WriteBatch batch = new WriteBatch();
    store.putContext(batch, record);
    batch.delete(PENDING, invitation.id().toBytes());
    store.write(batch);
    return new Joined(record, membership, true);
  }

  /**
   * The identity this node redeems {@code invitation} with: drawn and persisted before the first
   * request leaves, so a retry after a lost answer (or a restart) is the same joiner key.
   */
  private MemberIdentity pendingIdentity(InvitationId invitation) {
    Keyspace pending = store.storage().keyspace(PENDING);
    Optional<byte[]> stored = pending.get(invitation.toBytes());
    if (stored.isPresent()) {
      return MemberIdentity.fromSecretBytes(stored.get());
    }
    MemberIdentity fresh = MemberIdentity.generate(random);
    pending.put(invitation.toBytes(), fresh.toSecretBytes());
    return fresh;
  }

  /** One join as the carrier drives it: answers only proven members, keeps their signed answer. */
  private static final class Attempt implements JoinAttempt {
    private final IssuedInvitation issued;
    private final MemberIdentity self;
    private final byte[] rendezvous;
    private JoinResponse response;

    Attempt(IssuedInvitation issued, MemberIdentity self, byte[] rendezvous) {
      this.issued = issued;
      this.self = self;
      this.rendezvous = rendezvous;
    }

    @Override
    public ContextId context() {
      return issued.invitation().context();
    }

    @Override
    public byte[] rendezvous() {
      return rendezvous.clone();
    }

    @Override
    public Optional<byte[]> request(byte[] session, byte[] memberProof) {
      return JoinSession.verifyMember(memberProof, rendezvous, session)
          .map(member -> JoinRequest.create(issued, self, session).encode());
    }

    @Override
    public boolean settles(byte[] session, byte[] memberProof, byte[] answer) {
      Optional<PublicKey> member = JoinSession.verifyMember(memberProof, rendezvous, session);
      if (member.isEmpty()) {
        return false;
      }
      try {
        Optional<JoinResponse> opened =
            JoinSession.openAnswer(answer, member.get(), session, self.publicKey());
        opened.ifPresent(r -> response = r);
        return opened.isPresent();
      } catch (MembershipException e) {
        throw new JoinUnavailableException(
            "the member answered with a malformed join response: " + e.getMessage(), e);
      }
    }
  }

  private static void ensureApplication(
      ContextJoiner carrier,
      ApplicationId application,
      JoinHints hints,
      PeerRoute inviter,
      Applications applications) {
    if (applications.installed(application)) {
      return;
    }
    long max = applications.maxModuleBytes();
    if (hints.applicationSize() > max) {
      throw new InvalidApplicationException(
          "the invitation names an application of "
              + hints.applicationSize()
              + " bytes, over this node's "
              + max
              + "-byte limit");
    }
    byte[] module =
        carrier.fetchApplication(
            application, hints.applicationSize(), max, inviter, hints.rendezvousSecret());
    applications.install(
        module, "fetched from " + (inviter.known() ? inviter.peer() : "a member") + " on join");
  }

  private static InvitationRefusedException refused(
      InvalidInvitationException.Reason reason, String message, Throwable cause) {
    InvitationRefusedException.Reason api =
        switch (reason) {
          case MALFORMED -> InvitationRefusedException.Reason.MALFORMED;
          case FORGED -> InvitationRefusedException.Reason.FORGED;
          case EXPIRED -> InvitationRefusedException.Reason.EXPIRED;
          case REUSED -> InvitationRefusedException.Reason.REUSED;
          case REVOKED -> InvitationRefusedException.Reason.REVOKED;
          case MISMATCH -> InvitationRefusedException.Reason.MISMATCH;
          case INVITER_NOT_ADMIN -> InvitationRefusedException.Reason.INVITER_NOT_ADMIN;
        };
    return new InvitationRefusedException(
        api, "invitation refused (" + api + "): " + message, cause);
  }
}
