package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.TransportException;
import java.time.Clock;
import java.time.Duration;

/**
 * The time one catch-up from one peer may take, however the peer answers: checked before every
 * request, so a peer that drips pages just under the request timeout is dropped all the same.
 */
public final class CatchUpDeadline {
  /** A catch-up from one peer gives up after this many request timeouts. */
  public static final int REQUEST_TIMEOUTS = 6;

  private final Clock clock;
  private final long atMillis;

  private CatchUpDeadline(Clock clock, long atMillis) {
    this.clock = clock;
    this.atMillis = atMillis;
  }

  /** {@link #REQUEST_TIMEOUTS} request timeouts from now. */
  public static CatchUpDeadline after(Clock clock, Duration requestTimeout) {
    return new CatchUpDeadline(
        clock, clock.millis() + requestTimeout.toMillis() * REQUEST_TIMEOUTS);
  }

  /** No deadline (tests that drive one step by hand). */
  static CatchUpDeadline none() {
    return new CatchUpDeadline(Clock.systemUTC(), Long.MAX_VALUE);
  }

  /**
   * @throws Exceeded once the deadline passed
   */
  void check(PeerId peer) {
    if (clock.millis() > atMillis) {
      throw new Exceeded("catch-up from " + peer + " passed its deadline");
    }
  }

  /** A catch-up took longer than its deadline; the sync moves on to the next peer. */
  public static final class Exceeded extends TransportException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message);
    }
  }
}
