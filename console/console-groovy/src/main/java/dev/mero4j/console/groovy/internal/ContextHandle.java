package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.DeltaDiff;
import dev.mero4j.runtime.api.DeltaSummary;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.StateDiff;
import dev.mero4j.runtime.api.StatePage;
import dev.mero4j.runtime.api.UnknownContextException;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A context as scripts use it: {@code ctx('kv').call('set', [key: 'a', value: '1'])}. */
public final class ContextHandle implements Renderer.TableRow, Renderer.Rendered {
  /** As {@code mero4j context invite}. */
  static final java.time.Duration DEFAULT_INVITATION_VALIDITY = java.time.Duration.ofDays(7);

  private final ShellSession session;
  private final ContextId id;

  public ContextHandle(ShellSession session, ContextId id) {
    this.session = session;
    this.id = id;
  }

  public ContextId contextId() {
    return id;
  }

  /** The Base58 id. */
  public String getId() {
    return id.toBase58();
  }

  /** The alias, or {@code null}. */
  public String getAlias() {
    return session.aliases().aliasOf(id).orElse(null);
  }

  /** Calls a method with no arguments. */
  public CallResult call(String method) {
    return call(method, Map.of());
  }

  /** Calls {@code method} with {@code args} as its JSON argument object. */
  public CallResult call(String method, Map<?, ?> args) {
    ExecutionResult result = contexts().execute(id, method, Json.write(args), Optional.empty());
    return new CallResult(session.label(id), method, result);
  }

  /** Groovy named arguments: {@code ctx('kv').call('set', key: 'a', value: '1')}. */
  public CallResult call(Map<?, ?> args, String method) {
    return call(method, args);
  }

  /** Id, application, root hash, DAG heads and this node's identities in the context. */
  public Map<String, Object> state() {
    ContextInfo info = info();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("alias", getAlias());
    state.put("id", info.id());
    state.put("application", info.applicationId());
    state.put("rootHash", info.rootHash());
    state.put("dagHeads", info.dagHeads());
    state.put("identities", contexts().identities(id));
    return state;
  }

  /**
   * An invitation with {@code role} ({@code admin}, {@code member}, {@code read-only}) valid for
   * {@code validity}.
   */
  public String invite(String role, java.time.Duration validity) {
    return contexts().invite(id, MemberRole.parse(role), validity, Optional.empty());
  }

  /** A single-use member invitation valid for seven days. */
  public String invite() {
    return invite("member", DEFAULT_INVITATION_VALIDITY);
  }

  /** Members with their role, and whether this node holds the identity. */
  public List<Map<String, Object>> members() {
    return contexts().members(id).stream()
        .map(
            m -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("publicKey", m.publicKey().toBase58());
              row.put("role", m.role().label());
              row.put("local", m.local());
              return row;
            })
        .collect(Collectors.toList());
  }

  /** Removes a member (its Base58 key); the context key rotates at once. */
  public String removeMember(String publicKey) {
    contexts().removeMember(id, PublicKey.fromBase58(publicKey));
    return "removed " + publicKey + " from " + session.label(id);
  }

  public ContextInfo info() {
    return contexts()
        .get(id)
        .orElseThrow(
            () -> new UnknownContextException("context " + id.toBase58() + " no longer exists"));
  }

  /** The context as it stood at a delta (its Base58 id): read-only calls against that state. */
  public PastContext at(String deltaId) {
    return new PastContext(session, this, DeltaId.fromBase58(deltaId));
  }

  /** The latest {@code limit} deltas, newest first (id, seq, author, hlc, parents, actions). */
  public List<DeltaSummary> history(int limit) {
    return contexts().history(id, limit, Optional.empty()).deltas();
  }

  /** What changed between the states at two deltas, per collection. */
  public StateDiff diff(String from, String to) {
    return contexts().diff(id, DeltaId.fromBase58(from), DeltaId.fromBase58(to), 1000);
  }

  /** What one delta (Base58 id) changed against its parents' state, per collection. */
  public DeltaDiff deltaDiff(String delta) {
    return contexts().deltaDiff(id, DeltaId.fromBase58(delta), 1000);
  }

  /**
   * The state browser: the first 100 entries of the collection at {@code path} ({@code items},
   * {@code items/k1}); {@code ''} lists the root's collections ({@link #state()} without an
   * argument keeps its older meaning, the context's summary).
   */
  public StatePage state(String path) {
    return state(path, null, 100);
  }

  /** The page after {@code previous} (its {@code next()} cursor), {@code limit} entries. */
  public StatePage state(String path, StatePage previous, int limit) {
    return StateBrowsing.page(session, id, Optional.empty(), path, previous, limit);
  }

  public DagView dag() {
    return new DagView(session, this);
  }

  /** The application's methods, from its ABI. */
  public List<Map<String, Object>> methods() {
    return abi().methods().stream()
        .map(
            m -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("method", m.name());
              row.put("readOnly", m.readOnly());
              return row;
            })
        .collect(Collectors.toList());
  }

  /** Method names a script can call (every ABI method except {@code init}). */
  public List<String> methodNames() {
    return abi().methods().stream()
        .map(AppAbi.Method::name)
        .filter(n -> !"init".equals(n))
        .collect(Collectors.toList());
  }

  AppAbi abi() {
    return session
        .applications()
        .get(info().applicationId())
        .orElseThrow(
            () ->
                new UnknownContextException(
                    "the application of context " + id.toBase58() + " is not installed"))
        .abi();
  }

  public WatchRegistry.Watch watch(Closure<?> handler) {
    return session.watches().watch(id, handler);
  }

  public WatchRegistry.Watch watch() {
    return session.watches().watch(id, null);
  }

  private ContextService contexts() {
    return session.contexts();
  }

  @Override
  public Map<String, Object> row() {
    ContextInfo info = info();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("alias", getAlias());
    row.put("id", info.id());
    row.put("application", info.applicationId());
    row.put("root", info.rootHash());
    row.put("heads", info.dagHeads().size());
    return row;
  }

  @Override
  public String render() {
    return Json.pretty(state());
  }

  @Override
  public String toString() {
    return "ctx(" + session.label(id) + ")";
  }
}
