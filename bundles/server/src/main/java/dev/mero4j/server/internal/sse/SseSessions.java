package dev.mero4j.server.internal.sse;

import dev.mero4j.server.internal.events.EventHub;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** The SSE sessions of the server, expired after a TTL without a stream. */
public final class SseSessions implements AutoCloseable {
  private final Map<String, SseSession> sessions = new ConcurrentHashMap<>();
  private final EventHub hub;
  private final Clock clock;
  private final Random random;
  private final int maxSessions;
  private final int replayEvents;
  private final long ttlMillis;

  public SseSessions(
      EventHub hub, Clock clock, Random random, int maxSessions, int replayEvents, Duration ttl) {
    this.hub = hub;
    this.clock = clock;
    this.random = random;
    this.maxSessions = maxSessions;
    this.replayEvents = replayEvents;
    this.ttlMillis = ttl.toMillis();
  }

  SseSession create(String owner) {
    expire();
    if (sessions.size() >= maxSessions) {
      throw new ApiException(ErrorKind.UNAVAILABLE, "too many SSE sessions (" + maxSessions + ")");
    }
    while (true) {
      String id = Long.toUnsignedString(random.nextLong());
      SseSession session = new SseSession(id, owner, replayEvents, clock.millis());
      if (sessions.putIfAbsent(id, session) == null) {
        hub.add(session);
        return session;
      }
    }
  }

  /** A live session this owner may use. */
  Optional<SseSession> find(String id, String owner) {
    SseSession session = sessions.get(id);
    if (session == null || session.expired(clock.millis(), ttlMillis)) {
      return Optional.empty();
    }
    return session.owner().equals(owner) ? Optional.of(session) : Optional.empty();
  }

  public int size() {
    return sessions.size();
  }

  long now() {
    return clock.millis();
  }

  private void expire() {
    long now = clock.millis();
    sessions
        .values()
        .removeIf(
            s -> {
              if (s.expired(now, ttlMillis)) {
                hub.remove(s);
                return true;
              }
              return false;
            });
  }

  @Override
  public void close() {
    sessions
        .values()
        .forEach(
            s -> {
              s.closeStream();
              hub.remove(s);
            });
    sessions.clear();
  }
}
