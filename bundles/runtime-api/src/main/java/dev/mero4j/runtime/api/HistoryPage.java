package dev.mero4j.runtime.api;

import java.util.List;
import java.util.Optional;

/**
 * A page of a context's history, newest first.
 *
 * @param next the cursor of the next (older) page; empty on the last page
 */
public record HistoryPage(List<DeltaSummary> deltas, Optional<String> next) {
  public HistoryPage {
    deltas = List.copyOf(deltas);
  }
}
