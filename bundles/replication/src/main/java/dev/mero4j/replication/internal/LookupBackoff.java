package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * When a member with no connected member looks its rendezvous keys up again: at once, then after
 * waits that double from {@link #FIRST_WAIT} up to {@link #MAX_WAIT}, each drawn at random from its
 * upper half so members alone at once do not query the DHT in step; a new key (the epoch rotated)
 * or a node that regains peers after having none ends the wait.
 */
final class LookupBackoff {
  /** The first wait after a look-up that found nobody: about one default sync interval. */
  static final Duration FIRST_WAIT = Duration.ofSeconds(10);

  /**
   * The longest wait: a member alone still looks up a few times an hour, so a member that announces
   * without knowing this one is found within minutes, while the DHT sees a dozen queries an hour
   * instead of one per sync round.
   */
  static final Duration MAX_WAIT = Duration.ofMinutes(5);

  private final Clock clock;
  private final RandomGenerator random;
  private final Map<ContextId, State> states = new ConcurrentHashMap<>();
  private volatile boolean hadPeers;

  /** The back-off of one context: its key, the look-ups done with it and when the next is due. */
  private record State(byte[] key, int lookups, Instant due) {}

  LookupBackoff(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /**
   * Notes how many peers are connected now: a node that had none and has some again (it was cut off
   * and has a way to the DHT again) ends every wait. Other peers coming and going do not: a look-up
   * itself connects to DHT peers it had not met, which would undo the back-off, and a member that
   * comes online looks up at once and dials this one, which settles the context.
   */
  void observe(int connectedPeers) {
    boolean before = hadPeers;
    hadPeers = connectedPeers > 0;
    if (!before && hadPeers) {
      states.clear();
    }
  }

  /**
   * True when {@code context} is due for a look-up of {@code key}, and then schedules the next one;
   * a key other than the last one is due at once.
   */
  boolean due(ContextId context, byte[] key) {
    Instant now = clock.instant();
    State state = states.get(context);
    if (state != null && Arrays.equals(state.key, key) && now.isBefore(state.due)) {
      return false;
    }
    int lookups = state != null && Arrays.equals(state.key, key) ? state.lookups + 1 : 1;
    states.put(context, new State(key, lookups, now.plus(wait(lookups))));
    return true;
  }

  /** When {@code context} is next due; long ago when it has no wait. */
  Instant dueAt(ContextId context) {
    State state = states.get(context);
    return state == null ? Instant.MIN : state.due;
  }

  /** {@code context} has a connected member again: its next lonely spell starts at once. */
  void settled(ContextId context) {
    states.remove(context);
  }

  /** The wait after the {@code lookups}-th look-up: doubling and capped, in its upper half. */
  Duration wait(int lookups) {
    long cap = MAX_WAIT.toMillis();
    int doublings = Math.min(lookups - 1, 30);
    long full = Math.min(cap, FIRST_WAIT.toMillis() << doublings);
    long half = full / 2;
    return Duration.ofMillis(half + random.nextLong(full - half + 1));
  }

  /** Forgets a context no longer held. */
  void forget(ContextId context) {
    states.remove(context);
  }
}
