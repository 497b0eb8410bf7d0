package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.Keyspace;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The governance DAG of one context: signed ops applied in causal order (early ones buffered until
 * their parents arrive), each admitted when valid in the state at its own parents, persisted
 * through the storage SPI. The state of a cut is resolved by {@link GovernanceResolver}, which
 * voids what a removed or demoted member signed concurrently with its revocation. It answers the
 * causal-cut rule for data writes:
 *
 * <pre>
 *   delta D carries position P = the governance heads its author saw at commit time
 *   D is valid  ⇔  every op of P is applied here  ∧  stateAt(P).canWrite(author(D))
 *   unknown op in P ─► UnknownGovernanceOpException: buffer D, fetch the governance ops, retry
 * </pre>
 *
 * A write authored before a removal names a position without the removal, so it stays valid however
 * late it arrives. Storage: keyspace {@value #KEYSPACE}, keys {@code context ‖ tag ‖ …}. Not
 * thread-safe: callers serialise per context, as with the data DAG.
 */
public final class GovernanceLog {
  /** Keyspace shared by the logs, used-invitation sets and key rings of every context. */
  public static final String KEYSPACE = "governance";

  static final byte APPLIED = 'a';
  static final byte PENDING = 'p';
  static final byte USED = 'u';
  static final byte KEYS = 'k';
  static final byte SEALING = 's';

  /** Buffered ops kept at most; a flood of orphans cannot grow memory without bound. */
  public static final int MAX_PENDING = 10_000;

  /** States of recent cuts kept; deltas of one burst mostly name the same few positions. */
  static final int STATE_CACHE = 64;

  private final ContextId context;
  private final Keyspace keyspace;
  private final StorageEngine storage;
  private final Map<GovernanceOpId, SignedGovernanceOp> applied = new HashMap<>();
  private final List<GovernanceOpId> order = new ArrayList<>();
  private final Map<GovernanceOpId, SignedGovernanceOp> pending = new LinkedHashMap<>();
  private final Set<GovernanceOpId> heads = new TreeSet<>();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong resolutions = new AtomicLong();

  /** Per applied op, the key current at its parents (what peers seal it under); none: no key. */
  private final Map<GovernanceOpId, Optional<KeyId>> keysAtParents = new HashMap<>();

  private final Map<Set<GovernanceOpId>, GovernanceState> states =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            Map.Entry<Set<GovernanceOpId>, GovernanceState> eldest) {
          return size() > STATE_CACHE;
        }
      };

  private GovernanceLog(ContextId context, StorageEngine storage) {
    this.context = context;
    this.storage = storage;
    this.keyspace = storage.keyspace(KEYSPACE);
  }

  /** Opens the log of {@code context}, restoring applied ops (in apply order) and the buffer. */
  public static GovernanceLog open(ContextId context, StorageEngine storage) {
    GovernanceLog log = new GovernanceLog(context, storage);
    try (KeyValueCursor cursor = log.keyspace.prefix(key(context, APPLIED, new byte[0]))) {
      cursor.forEachRemaining(kv -> log.record(SignedGovernanceOp.decode(kv.value())));
    }
    try (KeyValueCursor cursor = log.keyspace.prefix(key(context, PENDING, new byte[0]))) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        SignedGovernanceOp op = SignedGovernanceOp.decode(kv.value());
        log.pending.put(op.id(), op);
      }
    }
    try (KeyValueCursor cursor = log.keyspace.prefix(key(context, SEALING, new byte[0]))) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        GovernanceOpId id = GovernanceOpId.of(Arrays.copyOfRange(kv.key(), 33, kv.key().length));
        byte[] value = kv.value();
        log.keysAtParents.put(
            id, value.length == 0 ? Optional.empty() : Optional.of(KeyId.of(value)));
      }
    }
    return log;
  }

  public ContextId context() {
    return context;
  }

  /**
   * Adds a signed op. A forged or unauthorised op throws its typed exception, is counted and leaves
   * no trace; a buffered op released later that proves invalid is dropped and counted.
   */
  public ApplyOutcome add(SignedGovernanceOp op) {
    if (applied.containsKey(op.id()) || pending.containsKey(op.id())) {
      return new ApplyOutcome(ApplyOutcome.Status.DUPLICATE, List.of());
    }
    if (!op.verifySignature() || !op.context().equals(context)) {
      rejected.incrementAndGet();
      throw new ForgedOperationException(
          "op " + op.id() + " is forged or belongs to another context");
    }
    if (!applied.keySet().containsAll(op.parents())) {
      if (pending.size() >= MAX_PENDING) {
        rejected.incrementAndGet();
        throw new UnauthorizedOperationException(
            "governance buffer full; op " + op.id() + " dropped");
      }
      pending.put(op.id(), op);
      keyspace.put(key(context, PENDING, op.id().toBytes()), op.encode());
      return new ApplyOutcome(ApplyOutcome.Status.PENDING, List.of());
    }
    GovernanceState atParents = stateAt(op.parents());
    try {
      OpRules.authorize(context, op, atParents);
    } catch (MembershipException e) {
      rejected.incrementAndGet();
      throw e;
    }
    WriteBatch batch = new WriteBatch();
    List<GovernanceOpId> released = new ArrayList<>();
    persist(batch, op, atParents);
    released.add(op.id());
    releasePending(batch, released);
    storage.write(batch);
    return new ApplyOutcome(ApplyOutcome.Status.APPLIED, released);
  }

  private void releasePending(WriteBatch batch, List<GovernanceOpId> released) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (SignedGovernanceOp op : List.copyOf(pending.values())) {
        if (!applied.keySet().containsAll(op.parents())) {
          continue;
        }
        pending.remove(op.id());
        batch.delete(KEYSPACE, key(context, PENDING, op.id().toBytes()));
        progress = true;
        GovernanceState atParents = stateAt(op.parents());
        try {
          OpRules.authorize(context, op, atParents);
        } catch (MembershipException e) {
          rejected.incrementAndGet();
          continue;
        }
        persist(batch, op, atParents);
        released.add(op.id());
      }
    }
  }

  private void persist(WriteBatch batch, SignedGovernanceOp op, GovernanceState atParents) {
    byte[] seq = new BinaryWriter(8).raw(bigEndian(order.size())).toByteArray();
    batch.put(KEYSPACE, key(context, APPLIED, seq), op.encode());
    Optional<KeyId> key = keyAt(op, atParents);
    batch.put(
        KEYSPACE,
        key(context, SEALING, op.id().toBytes()),
        key.map(KeyId::toBytes).orElse(new byte[0]));
    keysAtParents.put(op.id(), key);
    record(op);
  }

  private static Optional<KeyId> keyAt(SignedGovernanceOp op, GovernanceState atParents) {
    return op.op() instanceof GovernanceOp.ContextCreated created
        ? Optional.of(created.firstKey())
        : atParents.currentKey();
  }

  /**
   * The key current at the parents of {@code op} (the genesis: its first key), under which peers
   * that were members of that cut can open it: recorded when the op applied, so O(1) for an applied
   * op, with no resolution of its cut.
   */
  public Optional<KeyId> keyAtParents(SignedGovernanceOp op) {
    Optional<KeyId> known = keysAtParents.get(op.id());
    if (known != null) {
      return known;
    }
    Optional<KeyId> key = keyAt(op, stateAt(op.parents()));
    if (applied.containsKey(op.id())) {
      keysAtParents.put(op.id(), key);
    }
    return key;
  }

  private void record(SignedGovernanceOp op) {
    applied.put(op.id(), op);
    order.add(op.id());
    heads.removeAll(op.parents());
    heads.add(op.id());
  }

  public Set<GovernanceOpId> heads() {
    return Set.copyOf(heads);
  }

  /** The state at this node's heads. */
  public GovernanceState state() {
    return stateAt(heads);
  }

  /** The state as of the ops of {@code cut} and their ancestors; unknown ops throw. */
  public GovernanceState stateAt(Collection<GovernanceOpId> cut) {
    Set<GovernanceOpId> key = Set.copyOf(cut);
    GovernanceState cached = states.get(key);
    if (cached != null) {
      return cached;
    }
    for (GovernanceOpId id : key) {
      if (!applied.containsKey(id)) {
        throw new UnknownGovernanceOpException("governance op " + id + " is not applied here");
      }
    }
    resolutions.incrementAndGet();
    GovernanceState state = GovernanceResolver.resolve(ancestors(key), key);
    states.put(key, state);
    return state;
  }

  /** The ancestors of {@code cut} (inclusive), by id. */
  private Map<GovernanceOpId, SignedGovernanceOp> ancestors(Set<GovernanceOpId> cut) {
    Map<GovernanceOpId, SignedGovernanceOp> ancestors = new HashMap<>();
    Deque<GovernanceOpId> todo = new ArrayDeque<>(cut);
    while (!todo.isEmpty()) {
      GovernanceOpId id = todo.pop();
      if (!ancestors.containsKey(id)) {
        SignedGovernanceOp op = applied.get(id);
        ancestors.put(id, op);
        todo.addAll(op.parents());
      }
    }
    return ancestors;
  }

  public Optional<Role> roleAt(PublicKey member, Collection<GovernanceOpId> cut) {
    return stateAt(cut).roleOf(member);
  }

  public boolean canWrite(PublicKey author, Collection<GovernanceOpId> cut) {
    return stateAt(cut).canWrite(author);
  }

  /**
   * The causal-cut rule for a data write: passes when {@code author} could write in the state at
   * {@code position}; throws {@link NotAMemberException}, {@link ReadOnlyMemberException} or, when
   * the position names ops not applied yet, {@link UnknownGovernanceOpException}.
   */
  public void authorizeWrite(PublicKey author, GovernancePosition position) {
    GovernanceState state = stateAt(position.heads());
    Optional<Role> role = state.roleOf(author);
    if (role.isEmpty()) {
      rejected.incrementAndGet();
      throw new NotAMemberException(author + " was not a member of " + context + " at " + position);
    }
    if (!role.get().canWrite()) {
      rejected.incrementAndGet();
      throw new ReadOnlyMemberException(
          author + " was a read-only member of " + context + " at " + position);
    }
  }

  /** Every applied op, in apply order (a causal order): what a join response or sync serves. */
  public List<SignedGovernanceOp> ops() {
    return order.stream().map(applied::get).toList();
  }

  /**
   * Every key an applied op introduced, void ops included, in apply order. A void op's key may seal
   * writes every replica accepts (a write is judged at its own position, where the op was not void
   * yet), so a current member must be able to receive it (docs/security.md, "Removal sticks").
   */
  public List<KeyId> introducedKeys() {
    List<KeyId> keys = new ArrayList<>();
    for (SignedGovernanceOp signed : ops()) {
      GovernanceOp op = signed.op();
      if (op instanceof GovernanceOp.ContextCreated c) {
        keys.add(c.firstKey());
      } else if (op instanceof GovernanceOp.MemberRemoved r) {
        keys.add(r.rotation().key());
      } else if (op instanceof GovernanceOp.KeyRotated k) {
        keys.add(k.rotation().key());
      }
    }
    return keys;
  }

  public Optional<SignedGovernanceOp> get(GovernanceOpId id) {
    return Optional.ofNullable(applied.get(id));
  }

  public boolean contains(GovernanceOpId id) {
    return applied.containsKey(id);
  }

  /**
   * Parents that buffered ops wait for and that nobody has delivered yet: what sync should fetch.
   */
  public Set<GovernanceOpId> missing() {
    Set<GovernanceOpId> missing = new TreeSet<>();
    for (SignedGovernanceOp op : pending.values()) {
      for (GovernanceOpId parent : op.parents()) {
        if (!applied.containsKey(parent) && !pending.containsKey(parent)) {
          missing.add(parent);
        }
      }
    }
    return missing;
  }

  public int pendingCount() {
    return pending.size();
  }

  /** Cuts resolved since open (states not found among the recent ones): the cost of folds. */
  public long resolutionCount() {
    return resolutions.get();
  }

  /** Ops and writes refused since open (forged, unauthorised, by non-members). */
  public long rejectedCount() {
    return rejected.get();
  }

  static byte[] key(ContextId context, byte tag, byte[] suffix) {
    return new BinaryWriter(33 + suffix.length).id(context).u8(tag).raw(suffix).toByteArray();
  }

  private static byte[] bigEndian(long value) {
    byte[] out = new byte[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
