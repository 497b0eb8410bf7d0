package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.StatePage;
import java.util.Optional;

/** The state browser for {@code ctx(..).state(..)} and {@code ctx(..).at(d).state(..)}. */
final class StateBrowsing {
  private StateBrowsing() {}

  /** One page; {@code previous} (nullable) is the page before, whose cursor continues here. */
  static StatePage page(
      ShellSession session,
      ContextId context,
      Optional<DeltaId> at,
      String path,
      StatePage previous,
      int limit) {
    Optional<String> cursor = previous == null ? Optional.empty() : previous.next();
    if (previous != null && cursor.isEmpty()) {
      throw new IllegalArgumentException("the previous page was the last one");
    }
    return session.contexts().state(context, at, path, limit, cursor);
  }
}
