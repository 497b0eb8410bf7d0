package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextService;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.EventSubscription;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The contexts of a node that the console may restart: calls go to the current node under a read
 * lock, and subscriptions move to the new node after a restart, so watches keep working.
 */
public final class RestartableContexts implements ContextService {
  private final Supplier<ContextService> current;
  private final Lock lock;
  private final List<Resubscribable> subscriptions = new CopyOnWriteArrayList<>();

  /** @param lock the read side of the restart lock */
  public RestartableContexts(Supplier<ContextService> current, Lock lock) {
    this.current = current;
    this.lock = lock;
  }

  private <T> T locked(Supplier<T> call) {
    lock.lock();
    try {
      return call.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CreatedContext create(ApplicationId application, String initParamsJson) {
    return locked(() -> current.get().create(application, initParamsJson));
  }

  @Override
  public List<ContextInfo> list() {
    return locked(() -> current.get().list());
  }

  @Override
  public Optional<ContextInfo> get(ContextId id) {
    return locked(() -> current.get().get(id));
  }

  @Override
  public void delete(ContextId id) {
    locked(() -> {
      current.get().delete(id);
      return null;
    });
  }

  @Override
  public ExecutionResult execute(ContextId context, String method, String argsJson, Optional<PublicKey> executor) {
    return locked(() -> current.get().execute(context, method, argsJson, executor));
  }

  @Override
  public EventSubscription subscribe(Set<ContextId> contexts, Consumer<ContextEvent> listener) {
    Resubscribable subscription = new Resubscribable(contexts, listener);
    locked(() -> {
      subscription.attach(current.get());
      return null;
    });
    subscriptions.add(subscription);
    return subscription;
  }

  @Override
  public List<PublicKey> identities(ContextId context) {
    return locked(() -> current.get().identities(context));
  }

  @Override
  public String invite(ContextId context, MemberRole role, Duration validity, Optional<PublicKey> invitee) {
    return locked(() -> current.get().invite(context, role, validity, invitee));
  }

  @Override
  public CreatedContext join(String invitation) {
    return locked(() -> current.get().join(invitation));
  }

  @Override
  public List<MemberInfo> members(ContextId context) {
    return locked(() -> current.get().members(context));
  }

  @Override
  public void removeMember(ContextId context, PublicKey member) {
    locked(() -> {
      current.get().removeMember(context, member);
      return null;
    });
  }

  @Override
  public void setRole(ContextId context, PublicKey member, MemberRole role) {
    locked(() -> {
      current.get().setRole(context, member, role);
      return null;
    });
  }

  @Override
  public void revokeInvitation(ContextId context, String invitation) {
    locked(() -> {
      current.get().revokeInvitation(context, invitation);
      return null;
    });
  }

  /** Moves every open subscription to the node now current; call under the write lock. */
  public void resubscribe() {
    subscriptions.forEach(s -> s.attach(current.get()));
  }

  private final class Resubscribable implements EventSubscription {
    private final Set<ContextId> contexts;
    private final Consumer<ContextEvent> listener;
    private volatile EventSubscription delegate;

    Resubscribable(Set<ContextId> contexts, Consumer<ContextEvent> listener) {
      this.contexts = Set.copyOf(contexts);
      this.listener = listener;
    }

    void attach(ContextService service) {
      delegate = service.subscribe(contexts, listener);
    }

    @Override
    public void close() {
      subscriptions.remove(this);
      EventSubscription d = delegate;
      if (d != null) {
        d.close();
      }
    }
  }
}
