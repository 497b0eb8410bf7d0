package dev.mero4j.server.internal.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.server.DagReader;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.events.EventHub;
import dev.mero4j.server.internal.http.EventStreams;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Json;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /admin-api/contexts/{contextId}/dag/stream}: a server-sent event stream of one
 * context's DAG for the dashboard. It sends {@code delta} for every applied or pending delta it has
 * not sent yet (the newest {@value #WINDOW} first), {@code frontier} when heads or pending change,
 * and {@code context} with each state-mutation event of the context.
 *
 * <p>Bounded: the stream keeps no history of its own (each round re-reads the newest deltas), a
 * stream buffers at most {@value #QUEUE} context events and is closed with {@code event: dropped}
 * when its reader falls that far behind, and at most {@code maxStreams} streams are open (503
 * beyond). A browser's {@code EventSource} authenticates with {@code ?token=}.
 */
public final class DagStreamRoute implements Route {
  /** Newest applied deltas (and pending ones) looked at each round. */
  static final int WINDOW = 64;

  /** Context events buffered per stream before its reader is judged too slow and dropped. */
  static final int QUEUE = 256;

  /** How often the DAG is re-read when no event arrived (pending deltas raise no event). */
  private static final long POLL_MILLIS = 500;

  private final NodeInfo node;
  private final EventHub hub;
  private final EventStreams streams;
  private final long keepAliveMillis;

  public DagStreamRoute(NodeInfo node, EventHub hub, int maxStreams, Duration keepAlive) {
    this.node = node;
    this.hub = hub;
    this.streams = new EventStreams(maxStreams);
    this.keepAliveMillis = keepAlive.toMillis();
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/admin-api/contexts/{contextId}/dag/stream";
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  public int openStreams() {
    return streams.openStreams();
  }

  @Override
  public void handle(Context ctx) throws IOException, InterruptedException {
    ContextId id = Ids.context("contextId", ctx.pathParam("contextId"));
    DagReader reader = DagJson.reader(node);
    DagReader.DagPage first = reader.recent(id, WINDOW);
    streams.serve(
        "too many DAG streams (" + streams.maxStreams() + "); retry later",
        () -> {
          Subscriber subscriber = new Subscriber(id);
          hub.add(subscriber);
          try {
            pump(EventStreams.start(ctx, Map.of()), reader, id, first, subscriber);
          } catch (IOException e) {
            // the client went away
          } finally {
            hub.remove(subscriber);
          }
        });
  }

  private void pump(
      OutputStream out,
      DagReader reader,
      ContextId id,
      DagReader.DagPage first,
      Subscriber subscriber)
      throws IOException, InterruptedException {
    EventStreams.write(out, "retry: 3000\n\n");
    Window window = new Window();
    DagReader.DagPage page = first;
    long lastWrite = System.nanoTime();
    List<String> events = new ArrayList<>();
    while (true) {
      StringBuilder text = new StringBuilder();
      window.changes(page, text);
      subscriber.queue.drainTo(events);
      for (String event : events) {
        text.append("event: context\ndata: ").append(event).append("\n\n");
      }
      if (subscriber.dropped.get()) {
        EventStreams.write(
            out,
            text
                + "event: dropped\ndata: {\"reason\":\"the reader fell more than "
                + QUEUE
                + " events behind; reconnect\"}\n\n");
        out.flush();
        return;
      }
      if (text.length() == 0
          && System.nanoTime() - lastWrite >= TimeUnit.MILLISECONDS.toNanos(keepAliveMillis)) {
        text.append(": keep-alive\n\n");
      }
      if (text.length() > 0) {
        EventStreams.write(out, text.toString());
        out.flush();
        lastWrite = System.nanoTime();
      }
      events.clear();
      String next = subscriber.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (next != null) {
        events.add(next);
      }
      page = reader.recent(id, WINDOW);
    }
  }

  /** What a stream has sent: a bounded memory of delta ids, the last frontier. */
  static final class Window {
    private final Set<DeltaId> sent = new LinkedHashSet<>();
    private final Set<DeltaId> sentPending = new LinkedHashSet<>();
    private String frontier = "";

    void changes(DagReader.DagPage page, StringBuilder text) {
      for (DagReader.DagDelta d : page.applied()) {
        if (sent.add(d.id())) {
          text.append("event: delta\ndata: ").append(DagJson.delta(d)).append("\n\n");
        }
      }
      for (DagReader.DagDelta d : page.pending()) {
        if (!sent.contains(d.id()) && sentPending.add(d.id())) {
          text.append("event: delta\ndata: ").append(DagJson.delta(d)).append("\n\n");
        }
      }
      sentPending.removeIf(p -> page.pending().stream().noneMatch(d -> d.id().equals(p)));
      while (sent.size() > 4 * WINDOW) {
        sent.remove(sent.iterator().next());
      }
      ObjectNode f = Json.mapper().createObjectNode();
      ArrayNode heads = f.putArray("heads");
      page.heads().forEach(h -> heads.add(h.toBase58()));
      f.put("pendingCount", page.pendingCount());
      ArrayNode pending = f.putArray("pending");
      page.pending().forEach(d -> pending.add(d.id().toBase58()));
      ArrayNode missing = f.putArray("missingParents");
      page.missingParents().forEach(m -> missing.add(m.toBase58()));
      String now = f.toString();
      if (!now.equals(frontier)) {
        frontier = now;
        text.append("event: frontier\ndata: ").append(now).append("\n\n");
      }
    }
  }

  /** The stream's listener on the event hub: enqueues, and gives up when its queue is full. */
  private final class Subscriber implements EventHub.Listener {
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE + 1);
    final AtomicBoolean dropped = new AtomicBoolean();
    private final ContextId context;

    Subscriber(ContextId context) {
      this.context = context;
    }

    @Override
    public boolean wants(ContextId id) {
      return context.equals(id) && !dropped.get();
    }

    @Override
    public void deliver(ContextId id, String payloadJson) {
      if (queue.size() >= QUEUE || !queue.offer(payloadJson)) {
        dropped.set(true);
        hub.remove(this);
      }
    }
  }
}
