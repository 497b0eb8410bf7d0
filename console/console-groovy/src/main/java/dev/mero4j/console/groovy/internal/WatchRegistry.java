package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.EventSubscription;
import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The watches of one session: event subscriptions that print or hand events to a closure. */
public final class WatchRegistry implements Renderer.Rendered, Tabular {
  private static final System.Logger LOG = System.getLogger(WatchRegistry.class.getName());

  private final ShellSession session;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Watch> open = new LinkedHashMap<>();

  WatchRegistry(ShellSession session) {
    this.session = session;
  }

  /**
   * Subscribes to {@code context}; each app event goes to {@code handler}, or is printed when null.
   */
  public Watch watch(ContextId context, Closure<?> handler) {
    Watch watch = new Watch(ids.incrementAndGet(), context, session.label(context));
    watch.subscription =
        session.contexts().subscribe(Set.of(context), event -> watch.deliver(event, handler));
    synchronized (open) {
      open.put(watch.id, watch);
    }
    return watch;
  }

  public void closeAll() {
    List<Watch> all;
    synchronized (open) {
      all = new ArrayList<>(open.values());
    }
    all.forEach(Watch::close);
  }

  @Override
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    synchronized (open) {
      for (Watch watch : open.values()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("watch", watch.id);
        row.put("context", watch.label);
        row.put("events", watch.delivered.get());
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  public String render() {
    return rows().isEmpty() ? "(no watches)" : Renderer.table(rows());
  }

  /** One open watch; {@code close()} stops it. */
  public final class Watch implements AutoCloseable, Renderer.Rendered {
    private final int id;
    private final ContextId context;
    private final String label;
    private volatile EventSubscription subscription;
    private final java.util.concurrent.atomic.AtomicLong delivered =
        new java.util.concurrent.atomic.AtomicLong();

    Watch(int id, ContextId context, String label) {
      this.id = id;
      this.context = context;
      this.label = label;
    }

    public int getId() {
      return id;
    }

    void deliver(ContextEvent event, Closure<?> handler) {
      List<AppEvent> events =
          event.events().isEmpty()
              ? List.of(new AppEvent(event.type().name(), null, java.util.Optional.empty()))
              : event.events();
      for (AppEvent appEvent : events) {
        delivered.incrementAndGet();
        WatchEvent watchEvent =
            new WatchEvent(
                label,
                context.toBase58(),
                event.sequence(),
                event.newRoot().toBase58(),
                appEvent.kind(),
                appEvent.dataJson(),
                appEvent.handler().orElse(null));
        try {
          if (handler == null) {
            session.out().println(watchEvent);
          } else {
            handler.call(watchEvent);
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.DEBUG, "watch " + id + " handler failed", e);
          session
              .out()
              .println("error: watch " + id + " on " + label + ": " + ErrorFormatter.oneLine(e));
        }
        session.out().flush();
      }
    }

    @Override
    public void close() {
      synchronized (open) {
        open.remove(id);
      }
      EventSubscription s = subscription;
      if (s != null) {
        s.close();
      }
    }

    @Override
    public String render() {
      return "watch " + id + " on " + label + " (close it with unwatch(" + id + ") or unwatch())";
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /** Closes the watch with {@code id}; false when there is none. */
  public boolean close(int id) {
    Watch watch;
    synchronized (open) {
      watch = open.get(id);
    }
    if (watch == null) {
      return false;
    }
    watch.close();
    return true;
  }
}
