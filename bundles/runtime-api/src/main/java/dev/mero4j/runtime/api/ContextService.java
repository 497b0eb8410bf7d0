package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Contexts (running instances of applications) on this node. Thread-safe. */
public interface ContextService {
  /** Creates a context of {@code application}, running its {@code init} with JSON params. */
  CreatedContext create(ApplicationId application, String initParamsJson);

  List<ContextInfo> list();

  Optional<ContextInfo> get(ContextId id);

  void delete(ContextId id);

  /**
   * Executes {@code method} with JSON arguments. A write commits exactly one signed delta; a
   * failure of any kind discards every write of the call.
   *
   * @param executor the member identity to act as; empty means the context's default identity on
   *     this node
   */
  ExecutionResult execute(
      ContextId context, String method, String argsJson, Optional<PublicKey> executor);

  /**
   * Runs a read-only method against the state as it stood at delta {@code at}: the state rebuilt
   * from {@code at} and its ancestors only, in memory, never touching the live state or storage.
   *
   * @throws UnknownDeltaException when no applied delta of the context has that id
   * @throws ReadOnlyRequiredException when the method writes
   * @throws HistoryUnavailableException when the deltas before {@code at} are not held here
   * @throws NotSupportedException when this node does not implement time travel
   */
  default ExecutionResult executeAt(
      ContextId context, DeltaId at, String method, String argsJson, Optional<PublicKey> executor) {
    throw NotSupportedException.of("time travel ('at')", this);
  }

  /**
   * A page of the deltas this node applied in a context, newest first, walking back from the heads
   * (or from {@code cursor}, the {@link HistoryPage#next()} of the previous page).
   *
   * @param limit deltas per page, at least 1
   * @throws InvalidArgumentsException when the cursor is malformed
   */
  default HistoryPage history(ContextId context, int limit, Optional<String> cursor) {
    throw NotSupportedException.of("context history", this);
  }

  /**
   * What changed between the states at {@code from} and at {@code to}, listing at most {@code
   * limit} changes.
   *
   * @throws UnknownDeltaException when either delta is not an applied delta of the context
   */
  default StateDiff diff(ContextId context, DeltaId from, DeltaId to, int limit) {
    throw NotSupportedException.of("state diff", this);
  }

  /**
   * What delta {@code delta} changed: the state just before it (its parents and their ancestors,
   * without the delta) against the state at it, listing at most {@code limit} changes.
   *
   * @throws UnknownDeltaException when it is not an applied delta of the context
   * @throws HistoryUnavailableException when the deltas before it are not held here
   * @throws NotSupportedException when this node does not implement it
   */
  default DeltaDiff deltaDiff(ContextId context, DeltaId delta, int limit) {
    throw NotSupportedException.of("delta diff", this);
  }

  /**
   * A page of the state browser: the top-level fields ({@code path} empty) or the entries of the
   * collection at {@code path} ({@code items}, {@code items/k1}: keys joined by {@code /}), with
   * their CRDT metadata and removed entries flagged. Never changes the state.
   *
   * @param at the delta whose state to show; empty for the live state
   * @param limit entries per page, 1-1000
   * @param cursor the {@link StatePage#next()} of the previous page
   * @throws UnknownPathException when {@code path} names no collection
   * @throws InvalidArgumentsException when the cursor or limit is malformed
   * @throws UnknownDeltaException when {@code at} is not an applied delta of the context
   * @throws NotSupportedException when this node does not implement it
   */
  default StatePage state(
      ContextId context, Optional<DeltaId> at, String path, int limit, Optional<String> cursor) {
    throw NotSupportedException.of("the state browser", this);
  }

  /**
   * Delivers a {@link ContextEvent} for every state mutation (local or remote) of the given
   * contexts, or of every context when {@code contexts} is empty, until the subscription is closed.
   */
  EventSubscription subscribe(Set<ContextId> contexts, Consumer<ContextEvent> listener);

  /** The member identities this node holds in a context. */
  List<PublicKey> identities(ContextId context);

  /**
   * Issues an invitation to {@code context}, signed by this node's admin identity. The text is a
   * bearer credential: single-use, or bound to {@code invitee} when given. Nothing is published.
   *
   * @param validity how long the invitation can be redeemed
   * @throws NotAdminException when this node holds no admin identity in the context
   */
  default String invite(
      ContextId context, MemberRole role, Duration validity, Optional<PublicKey> invitee) {
    throw NotSupportedException.of("membership (invitations)", this);
  }

  /**
   * Joins a context with an invitation: a member (the inviter at the addresses the invitation
   * names, a connected peer, or one found in the DHT under the invitation's rendezvous key) admits
   * a fresh identity of this node and delivers the governance log and the context keys; the state
   * follows by sync. Joining a context this node already holds returns its existing identity; a
   * node that was removed from a context deletes it before joining again with a new invitation.
   *
   * @throws InvitationRefusedException when the invitation is malformed, forged, expired, reused,
   *     revoked or meant for someone else (the reason says which)
   * @throws UnknownApplicationException when the invitation's application is neither installed here
   *     nor fetched from a member
   * @throws JoinUnavailableException when no member could be reached to admit this node (the
   *     message lists each peer tried and why it failed)
   */
  default CreatedContext join(String invitation) {
    throw NotSupportedException.of("membership (joining by invitation)", this);
  }

  /** The members of a context and their roles, as this node's governance log stands. */
  default List<MemberInfo> members(ContextId context) {
    throw NotSupportedException.of("membership (the member list)", this);
  }

  /**
   * Removes a member and rotates the context key at once: the member cannot read anything written
   * after its removal reaches the writer.
   *
   * @throws NotAdminException when this node holds no admin identity in the context
   * @throws UnknownMemberException when {@code member} is not a member
   */
  default void removeMember(ContextId context, PublicKey member) {
    throw NotSupportedException.of("membership (member removal)", this);
  }

  /**
   * Changes a member's role.
   *
   * @throws NotAdminException when this node holds no admin identity in the context
   * @throws UnknownMemberException when {@code member} is not a member
   */
  default void setRole(ContextId context, PublicKey member, MemberRole role) {
    throw NotSupportedException.of("membership (member roles)", this);
  }

  /**
   * Revokes an invitation before it is redeemed.
   *
   * @param invitation the invitation text {@link #invite} returned, or the invitation's id (base58)
   * @throws NotAdminException when this node holds no admin identity in the context
   * @throws InvitationRefusedException with reason {@code MALFORMED} when it is neither
   */
  default void revokeInvitation(ContextId context, String invitation) {
    throw NotSupportedException.of("membership (invitation revocation)", this);
  }
}
