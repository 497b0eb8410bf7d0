package dev.mero4j.membership;

import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.InvitationRevoked;
import dev.mero4j.membership.GovernanceOp.KeyRotated;
import dev.mero4j.membership.GovernanceOp.KeyRotation;
import dev.mero4j.membership.GovernanceOp.MemberAdded;
import dev.mero4j.membership.GovernanceOp.MemberRemoved;
import dev.mero4j.membership.GovernanceOp.Redemption;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One identity's view of one context's membership: its governance log, the context keys it holds,
 * and the operations a node performs with them (create, invite, admit, remove, seal, open). The key
 * ring is persisted as keys wrapped to this identity, so it is encrypted at rest. Not thread-safe:
 * callers serialise per context.
 */
public final class ContextMembership {
  /** Default lifetime of an invitation. */
  public static final Duration DEFAULT_INVITATION_VALIDITY = Duration.ofDays(7);

  private static final int SECRET_BYTES = 16;
  private static final System.Logger LOG = System.getLogger(ContextMembership.class.getName());

  private final MemberIdentity self;
  private final GovernanceLog log;
  private final ContextKeys keys;
  private final InvitationVerifier verifier;
  private final StorageEngine storage;
  private final Clock clock;
  private final SecureRandom random;

  private ContextMembership(
      ContextId context,
      MemberIdentity self,
      StorageEngine storage,
      Clock clock,
      SecureRandom random) {
    this.self = self;
    this.log = GovernanceLog.open(context, storage);
    this.keys = new ContextKeys(context, random);
    this.verifier = new InvitationVerifier(clock, storage);
    this.storage = storage;
    this.clock = clock;
    this.random = random;
  }

  /**
   * The context id a genesis by {@code creator} with {@code nonce} names: SHA-256(app ‖ creator ‖
   * nonce).
   */
  public static ContextId contextId(ApplicationId application, PublicKey creator, byte[] nonce) {
    return ContextId.of(Hash.sha256(application.toBytes(), creator.toBytes(), nonce));
  }

  /** Creates the governance of a new context: the genesis op and its first key. */
  public static ContextMembership create(
      ApplicationId application,
      byte[] nonce,
      MemberIdentity creator,
      StorageEngine storage,
      Clock clock,
      SecureRandom random) {
    ContextId context = contextId(application, creator.publicKey(), nonce);
    ContextMembership membership = new ContextMembership(context, creator, storage, clock, random);
    KeyId first = membership.keys.generate();
    membership.issue(new ContextCreated(application, nonce, creator.agreementKey(), first));
    membership.store(membership.keys.wrap(first, creator.publicKey(), creator.agreementKey()));
    return membership;
  }

  /** Reopens a context this identity belongs to: governance log and key ring from storage. */
  public static ContextMembership open(
      ContextId context,
      MemberIdentity self,
      StorageEngine storage,
      Clock clock,
      SecureRandom random) {
    ContextMembership membership = new ContextMembership(context, self, storage, clock, random);
    try (KeyValueCursor cursor =
        storage
            .keyspace(GovernanceLog.KEYSPACE)
            .prefix(GovernanceLog.key(context, GovernanceLog.KEYS, new byte[0]))) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        BinaryReader in = new BinaryReader(kv.value());
        KeyId id = KeyId.of(in.id());
        membership.keys.unwrap(
            new WrappedKey(
                id,
                self.publicKey(),
                AgreementKey.of(in.id()),
                in.raw(WrappedKey.CIPHERTEXT_BYTES)),
            self);
      }
    }
    return membership;
  }

  /**
   * Completes a join: applies the served governance log, checks that it admits {@code self}, and
   * takes the key ring. The context is the invitation's.
   */
  public static ContextMembership join(
      Invitation invitation,
      JoinResponse.Accepted response,
      MemberIdentity self,
      StorageEngine storage,
      Clock clock,
      SecureRandom random) {
    ContextMembership membership =
        new ContextMembership(invitation.context(), self, storage, clock, random);
    for (SignedGovernanceOp op : response.log()) {
      membership.log.add(op);
    }
    GovernanceState state = membership.state();
    if (!state.isMember(self.publicKey())
        || !state.application().equals(Optional.of(invitation.application()))) {
      throw new NotAMemberException(
          "the join response does not admit " + self.publicKey() + " to " + invitation.context());
    }
    membership.acceptKeys(response.keys());
    return membership;
  }

  public ContextId context() {
    return log.context();
  }

  public MemberIdentity self() {
    return self;
  }

  public GovernanceLog log() {
    return log;
  }

  public GovernanceState state() {
    return log.state();
  }

  /** The position a local write records: this node's governance heads. */
  public GovernancePosition position() {
    return GovernancePosition.of(log.heads());
  }

  /** Issues an invitation bound to {@code invitee}, or to a fresh single-use secret when empty. */
  public IssuedInvitation invite(Role role, Duration validity, Optional<PublicKey> invitee) {
    if (!state().isAdmin(self.publicKey())) {
      throw new UnauthorizedOperationException(
          self.publicKey() + " is not an admin of " + context());
    }
    Optional<byte[]> secret = Optional.empty();
    if (invitee.isEmpty()) {
      byte[] bytes = new byte[SECRET_BYTES];
      random.nextBytes(bytes);
      secret = Optional.of(bytes);
    }
    byte[] nonce = new byte[Invitation.NONCE_BYTES];
    random.nextBytes(nonce);
    Invitation invitation =
        Invitation.issue(
            self,
            context(),
            state().application().orElseThrow(),
            role,
            clock.instant().plus(validity),
            invitee,
            secret,
            nonce);
    return new IssuedInvitation(invitation, secret);
  }

  /**
   * Answers a join request: refuses a bad invitation with its reason, otherwise admits the joiner
   * with a MemberAdded carrying the redemption (never the secret) and returns the log and the key
   * ring wrapped to it. The op is returned in the response's log; broadcast it like any other
   * governance op. A retry by the key the invitation already admitted (its answer was lost) gets
   * the same answer again without a new op; any other key is refused as a reuse.
   */
  public JoinResponse accept(JoinRequest request) {
    if (!state().isMember(self.publicKey())) {
      throw new NotAMemberException(
          self.publicKey() + " is not a member of " + context() + " and cannot admit");
    }
    Invitation invitation = request.invitation();
    if (state().isMember(request.member())) {
      boolean retry =
          state().redeemer(invitation.id()).filter(request.member()::equals).isPresent()
              && request.verifySessionProof();
      return retry
          ? new JoinResponse.Accepted(log.ops(), keysFor(request.member()))
          : new JoinResponse.Refused(
              InvalidInvitationException.Reason.REUSED, request.member() + " is already a member");
    }
    try {
      verifier.verify(context(), request, state());
      issue(
          new MemberAdded(
              request.member(),
              request.agreementKey(),
              invitation.role(),
              Optional.of(
                  new Redemption(
                      invitation,
                      request.joinerSignature(),
                      request.redemptionProof(),
                      clock.instant()))));
    } catch (InvalidInvitationException e) {
      return new JoinResponse.Refused(e.reason(), e.getMessage());
    }
    verifier.markUsed(context(), invitation.id(), request.member());
    return new JoinResponse.Accepted(log.ops(), keysFor(request.member()));
  }

  /** Admits a member directly (admin only). */
  public SignedGovernanceOp addMember(PublicKey member, AgreementKey agreementKey, Role role) {
    return issue(new MemberAdded(member, agreementKey, role, Optional.empty()));
  }

  /**
   * Removes a member and rotates the key in the same op: the new key is wrapped to everyone else.
   */
  public SignedGovernanceOp removeMember(PublicKey member) {
    Set<PublicKey> remaining = new TreeSet<>(state().members().keySet());
    remaining.remove(member);
    return issue(new MemberRemoved(member, newRotation(remaining)));
  }

  public SignedGovernanceOp setRole(PublicKey member, Role role) {
    return issue(new RoleSet(member, role));
  }

  public SignedGovernanceOp revoke(InvitationId invitation) {
    return issue(new InvitationRevoked(invitation));
  }

  /**
   * Introduces a new key for the current members (answer to {@link
   * GovernanceState#rotationNeeded}).
   */
  public SignedGovernanceOp rotateKey() {
    return issue(new KeyRotated(newRotation(state().members().keySet())));
  }

  /** Applies a governance op from a peer and takes any new key wrapped to this identity. */
  public ApplyOutcome receive(SignedGovernanceOp op) {
    ApplyOutcome outcome = log.add(op);
    for (GovernanceOpId id : outcome.applied()) {
      takeWrappedKeys(log.get(id).orElseThrow());
    }
    return outcome;
  }

  /** Every held key of the context wrapped to {@code member} (key delivery on request). */
  public List<WrappedKey> keysFor(PublicKey member) {
    return keyWrapsFor(member).wrap();
  }

  /**
   * What {@link #keysFor} wraps, taken from the current state; {@link KeyWraps#wrap} is
   * thread-safe, so the X25519 work can run after the caller's lock is released.
   */
  public KeyWraps keyWrapsFor(PublicKey member) {
    GovernanceState state = state();
    AgreementKey agreement =
        state
            .agreementKey(member)
            .filter(k -> state.isMember(member))
            .orElseThrow(
                () -> new NotAMemberException(member + " is not a member of " + context()));
    return new KeyWraps(
        keys, member, agreement, log.introducedKeys().stream().filter(keys::holds).toList());
  }

  /** Takes delivered keys; each must open and match a key the governance log introduced. */
  public void acceptKeys(Collection<WrappedKey> delivered) {
    List<KeyId> known = log.introducedKeys();
    for (WrappedKey wrapped : delivered) {
      if (!known.contains(wrapped.key())) {
        throw new KeyUnavailableException(
            "delivered key " + wrapped.key() + " is not a key of " + context());
      }
      keys.unwrap(wrapped, self);
      store(wrapped);
    }
  }

  /** A secret for {@code purpose} from the key {@code id}, or the current key if empty. */
  public Map.Entry<KeyId, byte[]> derive(Optional<KeyId> id, String purpose) {
    KeyId key =
        id.or(() -> state().currentKey())
            .orElseThrow(() -> new KeyUnavailableException("context " + context() + " has no key"));
    return Map.entry(key, keys.derive(key, purpose));
  }

  public boolean holdsCurrentKey() {
    return state().currentKey().map(keys::holds).orElse(false);
  }

  /**
   * Seals a payload under the current key of this node's governance state; refuses with {@link
   * RotationPendingException} while {@link GovernanceState#rotationNeeded} (rotate, then retry).
   */
  public byte[] seal(PayloadKind kind, byte[] payload) {
    GovernanceState state = state();
    if (state.rotationNeeded()) {
      throw new RotationPendingException(
          "the current key of " + context() + " is out of step with its members");
    }
    KeyId current =
        state
            .currentKey()
            .orElseThrow(() -> new KeyUnavailableException("context " + context() + " has no key"));
    return keys.seal(current, kind, payload);
  }

  /**
   * Seals a governance op for peers under the key that was current at its parents (the genesis: its
   * first key), so every member of the cut it extends can open it. A removed member can read its
   * own removal and learn of it, but not the new key the op wraps to the others.
   */
  public byte[] sealOp(SignedGovernanceOp op) {
    return sealOp(op, sealingKeyOf(op));
  }

  /** The key {@link #sealOp} seals {@code op} under: O(1) for an applied op (no fold). */
  public KeyId sealingKeyOf(SignedGovernanceOp op) {
    return log.keyAtParents(op)
        .filter(keys::holds)
        .or(() -> state().currentKey())
        .orElseThrow(() -> new KeyUnavailableException("context " + context() + " has no key"));
  }

  /** Seals {@code op} under the held {@code key}; thread-safe (only the key ring is read). */
  public byte[] sealOp(SignedGovernanceOp op, KeyId key) {
    return keys.seal(key, PayloadKind.GOVERNANCE_OP, op.encode());
  }

  /** Opens a sealed governance op from a peer; apply it with {@link #receive}. */
  public SignedGovernanceOp openOp(byte[] sealed) {
    return SignedGovernanceOp.decode(keys.open(PayloadKind.GOVERNANCE_OP, sealed));
  }

  /**
   * Seals a per-context frame (heartbeat) under the current key, without waiting for a rotation.
   */
  public byte[] sealFrame(byte[] payload) {
    KeyId current =
        state()
            .currentKey()
            .orElseThrow(() -> new KeyUnavailableException("context " + context() + " has no key"));
    return keys.seal(current, PayloadKind.SYNC_FRAME, payload);
  }

  /** Whether this identity holds the key a sealed payload names. */
  public boolean holdsKeyOf(byte[] sealed) {
    return keys.holds(ContextKeys.sealedWith(sealed));
  }

  public byte[] open(PayloadKind kind, byte[] sealed) {
    return keys.open(kind, sealed);
  }

  private KeyRotation newRotation(Set<PublicKey> recipients) {
    GovernanceState state = state();
    KeyId key = keys.generate();
    List<WrappedKey> wrapped = new ArrayList<>();
    for (PublicKey recipient : recipients) {
      AgreementKey agreement =
          state
              .agreementKey(recipient)
              .orElseThrow(
                  () ->
                      new NotAMemberException(recipient + " has no agreement key in " + context()));
      wrapped.add(keys.wrap(key, recipient, agreement));
    }
    return new KeyRotation(key, wrapped);
  }

  private SignedGovernanceOp issue(GovernanceOp op) {
    SignedGovernanceOp signed = SignedGovernanceOp.sign(context(), log.heads(), self, op);
    receive(signed);
    return signed;
  }

  private void takeWrappedKeys(SignedGovernanceOp op) {
    KeyRotation rotation =
        op.op() instanceof MemberRemoved r
            ? r.rotation()
            : op.op() instanceof KeyRotated k ? k.rotation() : null;
    if (rotation == null) {
      return;
    }
    for (WrappedKey wrapped : rotation.wrapped()) {
      if (wrapped.recipient().equals(self.publicKey())) {
        try {
          keys.unwrap(wrapped, self);
          store(wrapped);
        } catch (DecryptionFailedException e) {
          // A bad wrap is the signer's fault; the op stands and the key comes by delivery instead.
          LOG.log(
              System.Logger.Level.WARNING,
              "undecryptable key {0} wrapped by {1}",
              wrapped.key(),
              op.signer());
        }
      }
    }
  }

  private void store(WrappedKey wrapped) {
    byte[] value =
        new BinaryWriter(112)
            .id(wrapped.key())
            .id(wrapped.ephemeral())
            .raw(wrapped.ciphertext())
            .toByteArray();
    storage
        .keyspace(GovernanceLog.KEYSPACE)
        .put(GovernanceLog.key(context(), GovernanceLog.KEYS, wrapped.key().toBytes()), value);
  }

  @Override
  public String toString() {
    return "ContextMembership[" + context() + " as " + self.publicKey() + "]";
  }
}
