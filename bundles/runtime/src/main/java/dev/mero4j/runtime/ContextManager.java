package dev.mero4j.runtime;

import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.IssuedInvitation;
import dev.mero4j.membership.JoinHints;
import dev.mero4j.membership.KeyId;
import dev.mero4j.membership.MemberIdentity;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.CommitFeed;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.EventSubscription;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.HistoryPage;
import dev.mero4j.runtime.api.KeyDelivery;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.PeerRoute;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.ReplicaTransfer;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.runtime.internal.ArgsJson;
import dev.mero4j.runtime.internal.ContextJoining;
import dev.mero4j.runtime.internal.ContextRuntime;
import dev.mero4j.runtime.internal.ContextStore;
import dev.mero4j.runtime.internal.EventHub;
import dev.mero4j.runtime.internal.InstancePools;
import dev.mero4j.runtime.internal.JoinAdmission;
import dev.mero4j.storage.api.StorageEngine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The contexts of this node: creation (running the app's {@code init}), joining by invitation,
 * execution, events, membership and deletion, persisted through the storage SPI. Each context has
 * its member identity and governance log ({@link ContextMembership}); every delta leaves this node
 * sealed under the context key. Contexts load lazily on first use. Thread-safe.
 */
public final class ContextManager
    implements ContextService, ReplicaDirectory, CommitFeed, Admissions, ApplicationTransfer {
  /** Name of the constructor method every app may export. */
  public static final String INIT = "init";

  private final ApplicationManager applications;
  private final ContextStore store;
  private final EventHub events = new EventHub();
  private final InstancePools instances = new InstancePools();
  private final RuntimeLimits limits;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<ContextId, ContextStore.ContextRecord> records = new ConcurrentHashMap<>();
  private final Map<ContextId, ContextRuntime> loaded = new ConcurrentHashMap<>();

  /** One monitor per context, held while it loads. */
  private final Map<ContextId, Object> opening = new ConcurrentHashMap<>();

  private final List<BiConsumer<ContextId, byte[]>> commitListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<ContextId, byte[]>> governanceListeners =
      new CopyOnWriteArrayList<>();
  private final List<Consumer<ContextId>> joinListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ContextId>> deleteListeners = new CopyOnWriteArrayList<>();
  private final ContextJoining joining;
  private final ContextJoining.Applications joiningApps;

  public ContextManager(
      StorageEngine storage,
      ApplicationManager applications,
      RuntimeLimits limits,
      Clock clock,
      SecureRandom random) {
    this.applications = applications;
    this.store = new ContextStore(storage);
    this.limits = limits;
    this.clock = clock;
    this.random = random;
    this.joining = new ContextJoining(store, clock, random);
    this.joiningApps = applications.forJoining(limits.wasm().maxModuleBytes());
    for (ContextStore.ContextRecord record : store.contexts()) {
      records.put(record.id(), record);
    }
    applications.setInUseCheck(app -> records.values().stream().anyMatch(r -> r.app().equals(app)));
  }

  @Override
  public CreatedContext create(ApplicationId application, String initParamsJson) {
    ApplicationInfo app = applications.require(application);
    byte[] params = json(initParamsJson);
    MemberIdentity member = MemberIdentity.generate(random);
    byte[] nonce = new byte[dev.mero4j.membership.GovernanceOp.ContextCreated.NONCE_BYTES];
    random.nextBytes(nonce);
    ContextMembership membership =
        ContextMembership.create(application, nonce, member, store.storage(), clock, random);
    ContextId id = membership.context();
    byte[] rendezvous = new byte[ContextStore.RENDEZVOUS_BYTES];
    random.nextBytes(rendezvous);
    ContextStore.ContextRecord record =
        new ContextStore.ContextRecord(id, application, member, rendezvous);
    ContextRuntime runtime = newRuntime(record, app, membership);
    try {
      runtime.initialize(params, batch -> store.putContext(batch, record));
    } catch (RuntimeException e) {
      store.delete(id);
      throw e;
    }
    records.put(id, record);
    loaded.put(id, runtime);
    return new CreatedContext(id, member.publicKey());
  }

  @Override
  public List<ContextInfo> list() {
    List<ContextInfo> all = new ArrayList<>();
    for (ContextId id : records.keySet()) {
      get(id).ifPresent(all::add);
    }
    all.sort((a, b) -> a.id().compareTo(b.id()));
    return all;
  }

  @Override
  public Optional<ContextInfo> get(ContextId id) {
    return records.containsKey(id) ? Optional.of(runtime(id).info()) : Optional.empty();
  }

  @Override
  public void delete(ContextId id) {
    if (records.remove(id) == null) {
      throw new UnknownContextException("no context " + id);
    }
    loaded.remove(id);
    opening.remove(id);
    store.delete(id);
    deleteListeners.forEach(listener -> listener.accept(id));
  }

  @Override
  public ExecutionResult execute(
      ContextId context, String method, String argsJson, Optional<PublicKey> executor) {
    ContextRuntime runtime = runtime(context);
    return runtime.execute(runtime.method(method), json(argsJson), runtime.member(executor));
  }

  @Override
  public ExecutionResult executeAt(
      ContextId context, DeltaId at, String method, String argsJson, Optional<PublicKey> executor) {
    ContextRuntime runtime = runtime(context);
    return runtime.executeAt(runtime.method(method), at, json(argsJson), runtime.member(executor));
  }

  @Override
  public HistoryPage history(ContextId context, int limit, Optional<String> cursor) {
    return runtime(context).history(limit, cursor);
  }

  @Override
  public StateDiff diff(ContextId context, DeltaId from, DeltaId to, int limit) {
    return runtime(context).diff(from, to, limit);
  }

  @Override
  public DeltaDiff deltaDiff(ContextId context, DeltaId delta, int limit) {
    return runtime(context).deltaDiff(delta, limit);
  }

  @Override
  public StatePage state(
      ContextId context, Optional<DeltaId> at, String path, int limit, Optional<String> cursor) {
    return runtime(context).state(at, path, limit, cursor);
  }

  @Override
  public EventSubscription subscribe(Set<ContextId> contexts, Consumer<ContextEvent> listener) {
    return events.subscribe(contexts, listener);
  }

  @Override
  public List<PublicKey> identities(ContextId context) {
    ContextStore.ContextRecord record = records.get(context);
    if (record == null) {
      throw new UnknownContextException("no context " + context);
    }
    return List.of(record.member().publicKey());
  }

  private ContextRuntime runtime(ContextId id) {
    ContextStore.ContextRecord record = records.get(id);
    if (record == null) {
      throw new UnknownContextException("no context " + id);
    }
    ContextRuntime runtime = loaded.get(id);
    if (runtime != null) {
      return runtime;
    }
    // Opening reads the DAG and governance log: under a lock of this context only, never the
    // map's; the handlers a restart left queued run after, with no lock held.
    synchronized (opening.computeIfAbsent(id, key -> new Object())) {
      runtime = loaded.get(id);
      if (runtime != null) {
        return runtime;
      }
      ContextMembership membership =
          ContextMembership.open(id, record.member(), store.storage(), clock, random);
      runtime = newRuntime(record, applications.require(record.app()), membership);
      loaded.put(id, runtime);
    }
    runtime.runPendingHandlers();
    return runtime;
  }

  private ContextRuntime newRuntime(
      ContextStore.ContextRecord record, ApplicationInfo app, ContextMembership membership) {
    return new ContextRuntime(
        record,
        applications.module(app.id()),
        app.abi(),
        store,
        events,
        limits,
        clock,
        this::committed,
        membership,
        this::governed,
        instances);
  }

  private void governed(ContextId context, byte[] sealedOp) {
    for (BiConsumer<ContextId, byte[]> listener : governanceListeners) {
      listener.accept(context, sealedOp);
    }
  }

  private void committed(ContextId context, byte[] envelope) {
    for (BiConsumer<ContextId, byte[]> listener : commitListeners) {
      listener.accept(context, envelope);
    }
  }

  @Override
  public CreatedContext join(String invitation) {
    return joined(joining.join(invitation, records::get, joiningApps));
  }

  @Override
  public Optional<CreatedContext> rejoinIfVoid(ContextId context) {
    return records.containsKey(context)
        ? joining
            .rejoin(() -> runtime(context), () -> delete(context), joiningApps)
            .map(this::joined)
        : Optional.empty();
  }

  @Override
  public List<byte[]> standing(ContextId context, byte[] proof, byte[] session) {
    return records.containsKey(context)
        ? JoinAdmission.standing(runtime(context), proof, session)
        : List.of();
  }

  private CreatedContext joined(ContextJoining.Joined joined) {
    if (joined.created()) {
      ContextStore.ContextRecord record = joined.record();
      loaded.put(
          record.id(), newRuntime(record, applications.require(record.app()), joined.membership()));
      records.put(record.id(), record);
      joinListeners.forEach(listener -> listener.accept(record.id()));
    }
    return new CreatedContext(joined.record().id(), joined.record().member().publicKey());
  }

  /** The text carries the way in: this node's route, the app's size, the rendezvous secret. */
  @Override
  public String invite(
      ContextId context, MemberRole role, Duration validity, Optional<PublicKey> invitee) {
    ContextRuntime runtime = runtime(context);
    IssuedInvitation issued = runtime.membership(g -> g.invite(role, validity, invitee));
    PeerRoute self = joining.localRoute();
    ContextStore.ContextRecord record = runtime.record();
    long size = applications.require(record.app()).size();
    return issued
        .withHints(
            new JoinHints(
                self.peer(), JoinHints.bounded(self.addresses()), size, record.rendezvous()))
        .toText();
  }

  /**
   * A secret for {@code purpose} from a key of the context (the current one if empty), e.g. blobs.
   */
  public Map.Entry<KeyId, byte[]> deriveSecret(
      ContextId context, Optional<KeyId> key, String purpose) {
    return runtime(context).membership(g -> g.membership().derive(key, purpose));
  }

  @Override
  public List<MemberInfo> members(ContextId context) {
    return runtime(context).membership(g -> g.members());
  }

  @Override
  public void removeMember(ContextId context, PublicKey member) {
    runtime(context).govern(g -> g.removeMember(member));
  }

  @Override
  public void setRole(ContextId context, PublicKey member, MemberRole role) {
    runtime(context).govern(g -> g.setRole(member, role));
  }

  @Override
  public void revokeInvitation(ContextId context, String invitation) {
    runtime(context).govern(g -> g.revoke(invitation));
  }

  @Override
  public byte[] proveMembership(ContextId context, byte[] session) {
    return JoinAdmission.prove(runtime(context), session);
  }

  @Override
  public byte[] proveKey(ContextId context, byte[] session) {
    return JoinAdmission.proveKey(runtime(context), session);
  }

  @Override
  public Optional<PublicKey> provenMember(ContextId context, byte[] proof, byte[] session) {
    return records.containsKey(context)
        ? JoinAdmission.verify(runtime(context), proof, session)
        : Optional.empty();
  }

  /** The admission is published like any governance op. */
  @Override
  public byte[] admit(byte[] joinRequest, byte[] session) {
    return JoinAdmission.admit(joinRequest, session, this::runtime);
  }

  @Override
  public Optional<byte[]> servedModule(ApplicationId application) {
    return applications.servedModule(application);
  }

  @Override
  public byte[] partialDownload(ApplicationId application) {
    return applications.partialDownload(application);
  }

  @Override
  public void saveChunk(ApplicationId application, long offset, byte[] chunk) {
    applications.saveChunk(application, offset, chunk);
  }

  @Override
  public void discardDownload(ApplicationId application) {
    applications.discardDownload(application);
  }

  @Override
  public void setJoiner(ContextJoiner joiner) {
    joining.setJoiner(joiner);
  }

  @Override
  public void onGovernance(BiConsumer<ContextId, byte[]> listener) {
    governanceListeners.add(listener);
  }

  @Override
  public void onJoin(Consumer<ContextId> listener) {
    joinListeners.add(listener);
  }

  @Override
  public void onDelete(Consumer<ContextId> listener) {
    deleteListeners.add(listener);
  }

  /** A context seen from outside its writes: the replication contract and its DAG. */
  public ContextReplica replica(ContextId id) {
    return runtime(id).replica();
  }

  @Override
  public ReplicaLog log(ContextId context) {
    return replica(context);
  }

  @Override
  public ReplicaTransfer transfer(ContextId context) {
    return replica(context);
  }

  @Override
  public GovernanceChannel governance(ContextId context) {
    return replica(context);
  }

  @Override
  public KeyDelivery keys(ContextId context) {
    return replica(context);
  }

  @Override
  public byte[] rendezvousSecret(ContextId context) {
    return Optional.ofNullable(records.get(context))
        .orElseThrow(() -> new UnknownContextException("no context " + context))
        .rendezvous();
  }

  @Override
  public Set<ContextId> contextIds() {
    return Set.copyOf(records.keySet());
  }

  @Override
  public void onCommit(BiConsumer<ContextId, byte[]> listener) {
    commitListeners.add(listener);
  }

  private byte[] json(String text) {
    return ArgsJson.validate(text, limits.maxArgsBytes());
  }
}
