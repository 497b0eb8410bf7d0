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
import dev.mero4j.membership.Standing;
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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The joiner's side of an invitation: checks what it can locally (form, signature, expiry), fetches
 * the application and asks members through the {@link ContextJoiner}, one proven session each, and
 * on acceptance stores the governance log, the key ring and the context record of a member identity
 * persisted before the first request.
 */
public final class ContextJoining {
  /** Keyspace of the identities of joins in progress, by invitation id (secret, like records). */
  static final String PENDING = "joins";

  /**
   * Keyspace of the invitation text each joined context was redeemed with, by context id (secret):
   * a node whose admission proves void joins again with it.
   */
  static final String INVITATIONS = "join-invitations";

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
    IssuedInvitation issued = parse(text);
    ContextStore.ContextRecord held = existing.apply(issued.invitation().context());
    if (held != null) {
      return new Joined(held, null, false);
    }
    Asked asked = ask(issued, applications, Set.of());
    if (asked.response() instanceof JoinResponse.Refused no) {
      throw refused(no.reason(), no.message(), null);
    }
    return admitted(issued, text, asked);
  }

  /**
   * The invitation text this node joined {@code runtime}'s context with, when its own admission is
   * void in its resolved state (its key no member, the invitation not redeemed by it): admitted by
   * an admin already removed, or the loser of a concurrent redemption.
   */
  public Optional<String> voidAdmission(ContextRuntime runtime) {
    ContextStore.ContextRecord record = runtime.record();
    PublicKey self = record.member().publicKey();
    if (runtime.membership(g -> g.membership().state().isMember(self))) {
      return Optional.empty();
    }
    Optional<String> text =
        store
            .storage()
            .keyspace(INVITATIONS)
            .get(record.id().toBytes())
            .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    InvitationId invitation = parse(text.get()).invitation().id();
    Optional<PublicKey> redeemer =
        runtime.membership(g -> g.membership().state().redeemer(invitation));
    return redeemer.filter(self::equals).isPresent() ? Optional.empty() : text;
  }

  /**
   * Joins the context of the {@code current} runtime again when its admission is void ({@link
   * #voidAdmission}), trusting no member proof by a key its log counts removed; {@code deleteOld}
   * drops the old copy once a member answered. Empty when the admission is not void.
   *
   * <p>The runtime is read under this object's lock: a check queued while another rejoin of the
   * same context ran must judge the copy that rejoin left, not the void one it replaced (judging
   * the old copy would redeem the invitation a second time, be refused as reused and delete the
   * fresh copy).
   */
  public synchronized Optional<Joined> rejoin(
      Supplier<ContextRuntime> current, Runnable deleteOld, Applications applications) {
    ContextRuntime runtime = current.get();
    Optional<String> text = voidAdmission(runtime);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Set<PublicKey> distrusted =
        runtime.membership(g -> Standing.formerMembers(g.membership().log()));
    IssuedInvitation issued = parse(text.get());
    Asked asked;
    try {
      asked = ask(issued, applications, distrusted);
    } catch (InvitationRefusedException e) {
      deleteOld.run();
      throw e;
    }
    deleteOld.run();
    if (asked.response() instanceof JoinResponse.Refused no) {
      throw refused(
          no.reason(),
          "this node's admission was void and its invitation is refused: " + no.message(),
          null);
    }
    return Optional.of(admitted(issued, text.get(), asked));
  }

  private record Asked(MemberIdentity self, JoinResponse response) {}

  private static IssuedInvitation parse(String text) {
    try {
      return IssuedInvitation.parse(text);
    } catch (MembershipException e) {
      throw refused(
          InvalidInvitationException.Reason.MALFORMED, "not an invitation: " + e.getMessage(), e);
    }
  }

  /** Checks the invitation locally, fetches the app, and asks members until one answers. */
  private Asked ask(IssuedInvitation issued, Applications applications, Set<PublicKey> distrusted) {
    Invitation invitation = issued.invitation();
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
    Attempt attempt = new Attempt(issued, self, hints.rendezvousSecret(), distrusted);
    carrier.requestJoin(attempt, inviter);
    if (attempt.response == null) {
      throw new JoinUnavailableException("the carrier ended the join without a member's answer");
    }
    return new Asked(self, attempt.response);
  }

  /** Stores the accepted join: log, keys, the context record and the invitation text. */
  private Joined admitted(IssuedInvitation issued, String text, Asked asked) {
    Invitation invitation = issued.invitation();
    MemberIdentity self = asked.self();
    ContextMembership membership;
    try {
      membership =
          ContextMembership.join(
              invitation,
              (JoinResponse.Accepted) asked.response(),
              self,
              store.storage(),
              clock,
              random);
    } catch (MembershipException e) {
      store.delete(invitation.context());
      throw new JoinUnavailableException(
          "the member's answer does not admit this node: " + e.getMessage(), e);
    }
    byte[] rendezvous = issued.hints().orElseThrow().rendezvousSecret();
    ContextStore.ContextRecord record =
        new ContextStore.ContextRecord(
            invitation.context(), invitation.application(), self, rendezvous);
    WriteBatch batch = new WriteBatch();
    store.putContext(batch, record);
    batch.delete(PENDING, invitation.id().toBytes());
    batch.put(INVITATIONS, invitation.context().toBytes(), text.getBytes(StandardCharsets.UTF_8));
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
    private final Set<PublicKey> distrusted;
    private JoinResponse response;

    Attempt(
        IssuedInvitation issued,
        MemberIdentity self,
        byte[] rendezvous,
        Set<PublicKey> distrusted) {
      this.issued = issued;
      this.self = self;
      this.rendezvous = rendezvous;
      this.distrusted = distrusted;
    }

    /** The member {@code memberProof} proves for {@code session}, unless it is distrusted. */
    private Optional<PublicKey> member(byte[] session, byte[] memberProof) {
      return JoinSession.verifyMember(memberProof, rendezvous, session)
          .filter(key -> !distrusted.contains(key));
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
      return member(session, memberProof)
          .map(member -> JoinRequest.create(issued, self, session).encode());
    }

    @Override
    public boolean settles(byte[] session, byte[] memberProof, byte[] answer) {
      Optional<PublicKey> member = member(session, memberProof);
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
