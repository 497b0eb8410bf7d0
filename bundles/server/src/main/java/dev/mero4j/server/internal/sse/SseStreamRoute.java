package dev.mero4j.server.internal.sse;

import dev.mero4j.server.internal.auth.Caller;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.EventStreams;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /sse}: opens (or, with {@code Last-Event-ID: <session>-<n>}, resumes) a session and
 * streams its events as {@code event: message} with ids {@code <session>-<n>}. The first event is
 * Calimero's {@code {"type":"connect","session_id",…}}; {@code ?contextIds=a,b} subscribes at once.
 * Each open stream holds one server thread, so streams are capped.
 */
public final class SseStreamRoute implements Route {
  /** Reconnect delay suggested to browsers, as in Calimero. */
  static final int RETRY_MILLIS = 3000;

  private final SseSessions sessions;
  private final EventStreams streams;
  private final long keepAliveMillis;

  public SseStreamRoute(SseSessions sessions, int maxStreams, Duration keepAlive) {
    this.sessions = sessions;
    this.streams = new EventStreams(maxStreams);
    this.keepAliveMillis = keepAlive.toMillis();
  }

  @Override
  public HandlerType method() {
    return HandlerType.GET;
  }

  @Override
  public String path() {
    return "/sse";
  }

  @Override
  public Permission permission() {
    return Permission.CONTEXT_EXECUTE;
  }

  public int openStreams() {
    return streams.openStreams();
  }

  @Override
  public void handle(Context ctx) throws IOException, InterruptedException {
    String accept = ctx.header("Accept");
    if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*")) {
      throw new ApiException(
          ErrorKind.NOT_ACCEPTABLE,
          "this endpoint streams text/event-stream; send that Accept header");
    }
    Caller caller = ctx.attribute(Caller.class.getName());
    LastEventId last =
        LastEventId.parse(
            Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("lastEventId")));
    Optional<SseSession> existing =
        last == null ? Optional.empty() : sessions.find(last.session(), caller.subject());
    SseSession session = existing.orElseGet(() -> sessions.create(caller.subject()));
    long lastSeen = existing.isPresent() ? last.number() : 0;
    subscribeFromQuery(ctx, session);
    streams.serve(
        "too many SSE streams (" + streams.maxStreams() + ")",
        () -> stream(ctx, session, lastSeen, existing.isPresent()));
  }

  private static void subscribeFromQuery(Context ctx, SseSession session) {
    String ids = ctx.queryParam("contextIds");
    if (ids != null && !ids.isBlank()) {
      for (String id : ids.split(",", -1)) {
        session.subscriptions().add(Ids.context("contextIds", id.trim()));
      }
    }
  }

  private void stream(Context ctx, SseSession session, long lastSeen, boolean reconnect)
      throws IOException, InterruptedException {
    SseConnection connection = new SseConnection();
    SseSession.Resume resume = session.attach(connection, lastSeen, sessions.now());
    try {
      OutputStream out =
          EventStreams.start(
              ctx,
              Map.of(
                  "X-SSE-Session-ID",
                  session.id(),
                  "X-SSE-Reconnect",
                  Boolean.toString(reconnect)));
      String connect =
          "{\"type\":\"connect\",\"session_id\":\""
              + session.id()
              + "\",\"reconnect\":"
              + reconnect
              + "}";
      EventStreams.write(
          out,
          "retry: "
              + RETRY_MILLIS
              + "\nevent: message\nid: "
              + session.id()
              + "-"
              + lastSeen
              + "\ndata: "
              + connect
              + "\n\n");
      if (resume.gap().isPresent()) {
        long[] gap = resume.gap().get();
        EventStreams.write(
            out,
            "event: message\ndata: {\"type\":\"gap\",\"fromEventId\":\""
                + session.id()
                + "-"
                + gap[0]
                + "\",\"toEventId\":\""
                + session.id()
                + "-"
                + gap[1]
                + "\"}\n\n");
      }
      for (SseSession.Entry entry : resume.replay()) {
        EventStreams.write(out, event(session, entry));
      }
      out.flush();
      pump(out, session, connection);
    } catch (IOException e) {
      // The client went away; the session keeps buffering for its return.
      connection.close();
    } finally {
      session.detach(connection, sessions.now());
    }
  }

  private void pump(OutputStream out, SseSession session, SseConnection connection)
      throws IOException, InterruptedException {
    while (!connection.closed()) {
      SseSession.Entry entry = connection.poll(keepAliveMillis);
      if (entry == null) {
        EventStreams.write(out, ": keep-alive\n\n");
      } else {
        EventStreams.write(out, event(session, entry));
      }
      out.flush();
    }
  }

  private static String event(SseSession session, SseSession.Entry entry) {
    return "event: message\nid: "
        + session.id()
        + "-"
        + entry.number()
        + "\ndata: "
        + entry.data()
        + "\n\n";
  }

  /** A parsed {@code <session>-<n>} id. */
  record LastEventId(String session, long number) {
    static LastEventId parse(String text) {
      if (text == null) {
        return null;
      }
      int dash = text.lastIndexOf('-');
      if (dash <= 0 || text.length() > 64) {
        return null;
      }
      try {
        return new LastEventId(text.substring(0, dash), Long.parseLong(text.substring(dash + 1)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
