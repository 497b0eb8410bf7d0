package dev.mero4j.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.EventSubscription;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MethodNotFoundException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.runtime.internal.ContextRuntime;
import dev.mero4j.runtime.internal.ContextStore;
import dev.mero4j.runtime.internal.EventHub;
import dev.mero4j.storage.api.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
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
 * The contexts of this node: creation (running the app's {@code init}), execution, events and
 * deletion, persisted through the storage SPI. Contexts load lazily on first use. Thread-safe.
 */
public final class ContextManager implements ContextService {
  /** Name of the constructor method every app may export. */
  public static final String INIT = "init";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApplicationManager applications;
  private final ContextStore store;
  private final EventHub events = new EventHub();
  private final RuntimeLimits limits;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<ContextId, ContextStore.ContextRecord> records = new ConcurrentHashMap<>();
  private final Map<ContextId, ContextRuntime> loaded = new ConcurrentHashMap<>();
  private final List<BiConsumer<ContextId, byte[]>> commitListeners = new CopyOnWriteArrayList<>();

  public ContextManager(StorageEngine storage, ApplicationManager applications, RuntimeLimits limits, Clock clock,
      SecureRandom random) {
    this.applications = applications;
    this.store = new ContextStore(storage);
    this.limits = limits;
    this.clock = clock;
    this.random = random;
    for (ContextStore.ContextRecord record : store.contexts()) {
      records.put(record.id(), record);
    }
    applications.setInUseCheck(app -> records.values().stream().anyMatch(r -> r.app().equals(app)));
  }

  @Override
  public CreatedContext create(ApplicationId application, String initParamsJson) {
    ApplicationInfo app = applications.require(application);
    byte[] params = json(initParamsJson);
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    KeyPair member = KeyPair.fromSeed(seed);
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    ContextId id = ContextId.of(Hash.sha256(application.toBytes(), member.publicKey().toBytes(), nonce));
    ContextStore.ContextRecord record = new ContextStore.ContextRecord(id, application, member);
    ContextRuntime runtime = newRuntime(record, app);
    runtime.initialize(params, batch -> store.putContext(batch, record));
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
    store.delete(id);
  }

  @Override
  public ExecutionResult execute(ContextId context, String method, String argsJson, Optional<PublicKey> executor) {
    ContextRuntime runtime = runtime(context);
    AppAbi.Method target = runtime.abi().method(method)
        .filter(m -> !INIT.equals(m.name()))
        .orElseThrow(() -> new MethodNotFoundException("the application has no method '" + method + "'"));
    PublicKey member = runtime.record().member().publicKey();
    if (executor.isPresent() && !executor.get().equals(member)) {
      throw new UnauthorizedException("this node holds no identity " + executor.get() + " in context " + context);
    }
    return runtime.execute(target, json(argsJson), member);
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
    return loaded.computeIfAbsent(id, key -> {
      ContextRuntime runtime = newRuntime(record, applications.require(record.app()));
      runtime.runPendingHandlers();
      return runtime;
    });
  }

  private ContextRuntime newRuntime(ContextStore.ContextRecord record, ApplicationInfo app) {
    return new ContextRuntime(record, applications.module(app.id()), app.abi(), store, events, limits, clock,
        this::committed);
  }

  private void committed(ContextId context, byte[] envelope) {
    for (BiConsumer<ContextId, byte[]> listener : commitListeners) {
      listener.accept(context, envelope);
    }
  }

  /**
   * Joins an existing context of an installed application without running {@code init}: the state
   * arrives from peers through {@link #replica}. Joining twice is a no-op.
   */
  public CreatedContext join(ContextId id, ApplicationId application) {
    ApplicationInfo app = applications.require(application);
    ContextStore.ContextRecord existing = records.get(id);
    if (existing != null) {
      return new CreatedContext(id, existing.member().publicKey());
    }
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    ContextStore.ContextRecord record = new ContextStore.ContextRecord(id, application, KeyPair.fromSeed(seed));
    dev.mero4j.storage.api.WriteBatch batch = new dev.mero4j.storage.api.WriteBatch();
    store.putContext(batch, record);
    store.write(batch);
    records.put(id, record);
    loaded.put(id, newRuntime(record, app));
    return new CreatedContext(id, record.member().publicKey());
  }

  /** The replication view of a context. */
  public ContextReplica replica(ContextId id) {
    return runtime(id);
  }

  /** Ids of every context on this node. */
  public Set<ContextId> contextIds() {
    return Set.copyOf(records.keySet());
  }

  /** Called with the signed envelope of every delta this node commits, for broadcasting. */
  public void onCommit(BiConsumer<ContextId, byte[]> listener) {
    commitListeners.add(listener);
  }

  /** Runs the event handlers queued by remote deltas of {@code id}. */
  public void runHandlers(ContextId id) {
    runtime(id).runPendingHandlers();
  }

  /** Validates JSON arguments (empty means {@code {}}) against the size cap and the grammar. */
  private byte[] json(String text) {
    String args = text == null || text.isBlank() ? "{}" : text;
    byte[] bytes = args.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limits.maxArgsBytes()) {
      throw new InvalidArgumentsException("arguments of " + bytes.length + " bytes exceed the " + limits.maxArgsBytes() + "-byte limit");
    }
    try {
      JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentsException("arguments are not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InvalidArgumentsException("arguments are not readable: " + e.getMessage(), e);
    }
    return bytes;
  }
}
