package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.CreatedContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code contexts} variable: every context of the node, shown as a table. */
public final class ContextsView implements Tabular {
  private final ShellSession session;
  private final AppsView apps;

  ContextsView(ShellSession session, AppsView apps) {
    this.session = session;
    this.apps = apps;
  }

  public List<ContextHandle> list() {
    return session.contexts().list().stream()
        .map(info -> new ContextHandle(session, info.id()))
        .collect(Collectors.toList());
  }

  /** {@code contexts['kv']}: the context with that alias or id. */
  public ContextHandle getAt(String reference) {
    return get(reference);
  }

  public ContextHandle get(Object reference) {
    return new ContextHandle(session, session.context(reference));
  }

  /**
   * Creates a context of {@code application} (name or id), running its {@code init} with {@code
   * init}.
   */
  public ContextHandle create(Object application, Map<?, ?> init, String alias) {
    ApplicationId app = apps.resolve(application);
    CreatedContext created =
        session.contexts().create(app, Json.write(init == null ? Map.of() : init));
    if (alias != null) {
      session.aliases().put(alias, created.contextId());
    }
    return new ContextHandle(session, created.contextId());
  }

  public ContextHandle create(Object application, Map<?, ?> init) {
    return create(application, init, null);
  }

  public ContextHandle create(Object application) {
    return create(application, Map.of(), null);
  }

  /**
   * Joins a context with an invitation through a connected member, under {@code alias} when given.
   */
  public ContextHandle join(String invitation, String alias) {
    CreatedContext joined = session.contexts().join(invitation.strip());
    if (alias != null) {
      session.aliases().put(alias, joined.contextId());
    }
    return new ContextHandle(session, joined.contextId());
  }

  public ContextHandle join(String invitation) {
    return join(invitation, null);
  }

  /** Deletes a context and its alias. */
  public String delete(Object reference) {
    ContextId id = session.context(reference);
    String label = session.label(id);
    session.contexts().delete(id);
    session.aliases().aliasOf(id).ifPresent(session.aliases()::remove);
    return "deleted context " + label;
  }

  public int size() {
    return session.contexts().list().size();
  }

  @Override
  public List<Map<String, Object>> rows() {
    return list().stream().map(ContextHandle::row).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return session.contexts().list().stream()
        .map(ContextInfo::id)
        .map(session::label)
        .collect(Collectors.joining(", ", "contexts[", "]"));
  }
}
