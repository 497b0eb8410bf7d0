package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a successful call.
 *
 * @param outputJson the method's return value as JSON text ({@code null} when it returns nothing)
 * @param rootHash the context root after the call
 * @param delta the delta the call committed, empty for read-only calls and calls that wrote nothing
 */
public record ExecutionResult(
    String outputJson,
    Hash rootHash,
    Optional<DeltaId> delta,
    List<AppEvent> events,
    List<String> logs) {
  public ExecutionResult {
    events = List.copyOf(events);
    logs = List.copyOf(logs);
  }
}
