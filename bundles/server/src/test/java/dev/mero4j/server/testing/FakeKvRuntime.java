package dev.mero4j.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ApplicationInUseException;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.EventSubscription;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.runtime.api.MethodNotFoundException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownApplicationException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.runtime.api.UnknownMemberException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory stand-in for the application runtime that behaves like the kv-store app: {@code
 * set}, {@code get}, {@code remove}, {@code entries}, {@code len}, emitting {@code Inserted},
 * {@code Updated} and {@code Removed}; plus {@code fail} (an app error), {@code trap} and {@code
 * spin} (a limit) to exercise error mapping. Any bytes starting with "\0asm" install.
 */
public final class FakeKvRuntime {
  /** A minimal valid-looking module: the WASM magic and version. */
  public static final byte[] KV_STORE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

  static final AppAbi ABI =
      new AppAbi(
          List.of(
              new AppAbi.Method("set", false),
              new AppAbi.Method("get", true),
              new AppAbi.Method("remove", false),
              new AppAbi.Method("entries", true),
              new AppAbi.Method("len", true)),
          List.of("Inserted", "Updated", "Removed"));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ApplicationId, ApplicationInfo> apps = new ConcurrentHashMap<>();
  private final Map<ContextId, Ctx> contexts = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();

  private record Listener(Set<ContextId> contexts, Consumer<ContextEvent> consumer) {}

  private static final class Ctx {
    final ContextId id;
    final ApplicationId app;
    final PublicKey member;
    final TreeMap<String, String> data = new TreeMap<>();
    Hash root = Hash.ZERO;
    DeltaId head = DeltaId.ZERO;
    final Map<PublicKey, MemberRole> members = new java.util.LinkedHashMap<>();
    final Map<String, MemberRole> invitations = new java.util.HashMap<>();
    final Set<String> spent = new java.util.HashSet<>();

    Ctx(ContextId id, ApplicationId app, PublicKey member) {
      this.id = id;
      this.app = app;
      this.member = member;
      members.put(member, MemberRole.ADMIN);
    }
  }

  private final Applications applications = new Applications();
  private final Contexts contextService = new Contexts();

  public ApplicationRegistry applications() {
    return applications;
  }

  public ContextService contexts() {
    return contextService;
  }

  private final class Applications implements ApplicationRegistry {
    @Override
    public ApplicationInfo install(byte[] bytes, String source) {
      if (bytes.length < 4
          || bytes[0] != 0
          || bytes[1] != 'a'
          || bytes[2] != 's'
          || bytes[3] != 'm') {
        throw new InvalidApplicationException("not a WASM module: bad magic");
      }
      Hash hash = Hash.sha256(bytes);
      return apps.computeIfAbsent(
          ApplicationId.of(hash),
          id -> new ApplicationInfo(id, "kv-store", "0.1.0", hash, bytes.length, ABI, source));
    }

    @Override
    public List<ApplicationInfo> list() {
      return List.copyOf(apps.values());
    }

    @Override
    public Optional<ApplicationInfo> get(ApplicationId id) {
      return Optional.ofNullable(apps.get(id));
    }

    @Override
    public void delete(ApplicationId id) {
      if (contexts.values().stream().anyMatch(c -> c.app.equals(id))) {
        throw new ApplicationInUseException("application " + id + " is used by contexts");
      }
      if (apps.remove(id) == null) {
        throw new UnknownApplicationException("application " + id + " not found");
      }
    }
  }

  private final class Contexts implements ContextService {
    @Override
    public CreatedContext create(ApplicationId application, String initParamsJson) {
      if (!apps.containsKey(application)) {
        throw new UnknownApplicationException("application " + application + " not found");
      }
      parseObject(initParamsJson);
      long n = ids.incrementAndGet();
      ContextId id = ContextId.of(Hash.sha256(("context-" + n).getBytes(StandardCharsets.UTF_8)));
      PublicKey member =
          PublicKey.of(Hash.sha256(("member-" + n).getBytes(StandardCharsets.UTF_8)).toBytes());
      contexts.put(id, new Ctx(id, application, member));
      return new CreatedContext(id, member);
    }

    @Override
    public List<ContextInfo> list() {
      return contexts.values().stream().map(FakeKvRuntime::info).toList();
    }

    @Override
    public Optional<ContextInfo> get(ContextId id) {
      return Optional.ofNullable(contexts.get(id)).map(FakeKvRuntime::info);
    }

    @Override
    public void delete(ContextId id) {
      if (contexts.remove(id) == null) {
        throw new UnknownContextException("context " + id + " not found");
      }
    }

    @Override
    public List<PublicKey> identities(ContextId context) {
      return List.of(ctx(context).member);
    }

    // Membership: invitation texts are "fake-invitation:<context>:<n>"; joining admits a new key.
    @Override
    public synchronized String invite(
        ContextId context,
        MemberRole role,
        java.time.Duration validity,
        Optional<PublicKey> invitee) {
      Ctx ctx = ctx(context);
      String text = "fake-invitation:" + context.toBase58() + ":" + ids.incrementAndGet();
      ctx.invitations.put(text, role);
      return text;
    }

    @Override
    public synchronized CreatedContext join(String invitation) {
      String[] parts = invitation.split(":");
      if (parts.length != 3 || !parts[0].equals("fake-invitation")) {
        throw new InvitationRefusedException(
            InvitationRefusedException.Reason.MALFORMED, "not an invitation");
      }
      Ctx ctx = ctx(ContextId.fromBase58(parts[1]));
      if (ctx.spent.contains(invitation)) {
        throw new InvitationRefusedException(
            InvitationRefusedException.Reason.REUSED, "invitation already redeemed");
      }
      MemberRole role = ctx.invitations.remove(invitation);
      if (role == null) {
        throw new InvitationRefusedException(
            InvitationRefusedException.Reason.REVOKED, "invitation revoked");
      }
      ctx.spent.add(invitation);
      PublicKey joined =
          PublicKey.of(Hash.sha256(invitation.getBytes(StandardCharsets.UTF_8)).toBytes());
      ctx.members.put(joined, role);
      return new CreatedContext(ctx.id, joined);
    }

    @Override
    public synchronized List<MemberInfo> members(ContextId context) {
      Ctx ctx = ctx(context);
      return ctx.members.entrySet().stream()
          .map(e -> new MemberInfo(e.getKey(), e.getValue(), e.getKey().equals(ctx.member)))
          .toList();
    }

    @Override
    public synchronized void removeMember(ContextId context, PublicKey member) {
      if (ctx(context).members.remove(member) == null) {
        throw new UnknownMemberException(member + " is not a member of " + context);
      }
    }

    @Override
    public synchronized void setRole(ContextId context, PublicKey member, MemberRole role) {
      Ctx ctx = ctx(context);
      if (!ctx.members.containsKey(member)) {
        throw new UnknownMemberException(member + " is not a member of " + context);
      }
      ctx.members.put(member, role);
    }

    @Override
    public synchronized void revokeInvitation(ContextId context, String invitation) {
      if (ctx(context).invitations.remove(invitation) == null) {
        throw new InvitationRefusedException(
            InvitationRefusedException.Reason.MALFORMED, "no such pending invitation");
      }
    }

    @Override
    public EventSubscription subscribe(Set<ContextId> ids, Consumer<ContextEvent> listener) {
      Listener l = new Listener(Set.copyOf(ids), listener);
      listeners.add(l);
      return () -> listeners.remove(l);
    }

    @Override
    public ExecutionResult execute(
        ContextId context, String method, String argsJson, Optional<PublicKey> executor) {
      Ctx ctx = ctx(context);
      if (executor.isPresent() && !executor.get().equals(ctx.member)) {
        throw new UnauthorizedException("executor is not a member of the context");
      }
      JsonNode args = parseObject(argsJson);
      List<AppEvent> events = new ArrayList<>();
      String output;
      ContextEvent event = null;
      synchronized (ctx) {
        switch (method) {
          case "set" -> {
            String key = field(args, "key");
            String value = field(args, "value");
            String old = ctx.data.put(key, value);
            events.add(
                new AppEvent(
                    old == null ? "Inserted" : "Updated",
                    obj("key", key, "value", value),
                    Optional.empty()));
            output = null;
          }
          case "get" -> output = quote(ctx.data.get(field(args, "key")));
          case "remove" -> {
            String key = field(args, "key");
            String old = ctx.data.remove(key);
            if (old != null) {
              events.add(new AppEvent("Removed", obj("key", key, "value", old), Optional.empty()));
            }
            output = quote(old);
          }
          case "entries" -> output = JSON.valueToTree(ctx.data).toString();
          case "len" -> output = Integer.toString(ctx.data.size());
          case "fail" ->
              throw new AppErrorException("{\"kind\":\"NotFound\",\"message\":\"no such thing\"}");
          case "trap" -> throw new ExecutionFailedException("unreachable executed");
          case "spin" -> throw new ExecutionLimitException("instruction limit exceeded");
          case "raw" -> output = field(args, "text");
          case "fail_raw" -> throw new AppErrorException(field(args, "text"));
          default -> throw new MethodNotFoundException("method '" + method + "' not found");
        }
        if (!events.isEmpty()) {
          ctx.root =
              Hash.sha256(ctx.root.toBytes(), (method + args).getBytes(StandardCharsets.UTF_8));
          ctx.head = DeltaId.of(Hash.sha256(ctx.head.toBytes(), ctx.root.toBytes()));
          event =
              new ContextEvent(
                  sequence.incrementAndGet(),
                  context,
                  ContextEvent.Type.StateMutation,
                  ctx.root,
                  events);
        }
      }
      if (event != null) {
        for (Listener l : listeners) {
          if (l.contexts.isEmpty() || l.contexts.contains(context)) {
            l.consumer.accept(event);
          }
        }
      }
      return new ExecutionResult(
          output,
          ctx.root,
          events.isEmpty() ? Optional.empty() : Optional.of(ctx.head),
          events,
          List.of());
    }
  }

  private Ctx ctx(ContextId id) {
    Ctx ctx = contexts.get(id);
    if (ctx == null) {
      throw new UnknownContextException("context " + id + " not found");
    }
    return ctx;
  }

  private static ContextInfo info(Ctx c) {
    synchronized (c) {
      return new ContextInfo(c.id, c.app, c.root, List.of(c.head));
    }
  }

  private static JsonNode parseObject(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new InvalidArgumentsException("arguments must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidArgumentsException("arguments are not JSON: " + e.getMessage(), e);
    }
  }

  private static String field(JsonNode args, String name) {
    JsonNode value = args.get(name);
    if (value == null || !value.isTextual()) {
      throw new InvalidArgumentsException("missing string argument '" + name + "'");
    }
    return value.textValue();
  }

  private static String obj(String k1, String v1, String k2, String v2) {
    ObjectNode node = JSON.createObjectNode();
    node.put(k1, v1);
    node.put(k2, v2);
    return node.toString();
  }

  private static String quote(String value) {
    return value == null ? "null" : JSON.getNodeFactory().textNode(value).toString();
  }
}
