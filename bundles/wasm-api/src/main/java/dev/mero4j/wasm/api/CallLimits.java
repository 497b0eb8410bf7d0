package dev.mero4j.wasm.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits applied to one call of an exported function.
 *
 * @param instructionBudget metered instructions one call may execute (deterministic, the same on
 *     every engine)
 * @param maxCallDepth how deeply guest functions may nest calls below the exported function
 * @param wallClock watchdog that stops a call running longer than this (not deterministic: a safety
 *     net behind the instruction budget)
 */
public record CallLimits(long instructionBudget, int maxCallDepth, Duration wallClock) {
  /**
   * Calimero's gas default of 1e9 per execution; a call depth that fits the default 1 MiB JVM
   * thread stack under Chicory's compiled code; a 30 s watchdog.
   */
  public static final CallLimits DEFAULT =
      new CallLimits(1_000_000_000L, 1_000, Duration.ofSeconds(30));

  public CallLimits {
    if (instructionBudget < 0) {
      throw new IllegalArgumentException("instructionBudget must be >= 0: " + instructionBudget);
    }
    if (maxCallDepth < 1) {
      throw new IllegalArgumentException("maxCallDepth must be >= 1: " + maxCallDepth);
    }
    Objects.requireNonNull(wallClock, "wallClock");
    if (wallClock.isNegative() || wallClock.isZero()) {
      throw new IllegalArgumentException("wallClock must be positive: " + wallClock);
    }
  }

  public CallLimits withInstructionBudget(long budget) {
    return new CallLimits(budget, maxCallDepth, wallClock);
  }

  public CallLimits withMaxCallDepth(int depth) {
    return new CallLimits(instructionBudget, depth, wallClock);
  }

  public CallLimits withWallClock(Duration timeout) {
    return new CallLimits(instructionBudget, maxCallDepth, timeout);
  }
}
