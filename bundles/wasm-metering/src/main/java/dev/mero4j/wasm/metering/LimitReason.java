package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.api.CallDepthExceededException;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.InstructionBudgetExceededException;
import dev.mero4j.wasm.api.MemoryLimitExceededException;
import dev.mero4j.wasm.api.ResourceLimitException;

/** Why instrumented code called {@code mero4j.limit_exceeded(i32 reason)}, with its wire code. */
public enum LimitReason {
  /** The instruction-budget global would go below zero. */
  INSTRUCTIONS(0),
  /** The call-depth global reached zero before a call. */
  CALL_DEPTH(1),
  /** memory.grow failed because it would pass the memory maximum. */
  MEMORY(2);

  private final int code;

  LimitReason(int code) {
    this.code = code;
  }

  /** The code instrumented code passes for this reason (one byte, fixed forever). */
  public int code() {
    return code;
  }

  /** The reason for the code passed by instrumented code. */
  public static LimitReason of(long code) {
    for (LimitReason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown limit reason " + code);
  }

  /** The typed error a provider throws for this reason. */
  public ResourceLimitException toException(CallLimits call, long maxMemoryBytes) {
    return switch (this) {
      case INSTRUCTIONS ->
          new InstructionBudgetExceededException(
              "instruction budget of " + call.instructionBudget() + " exhausted",
              call.instructionBudget());
      case CALL_DEPTH ->
          new CallDepthExceededException(
              "call depth exceeded " + call.maxCallDepth(), call.maxCallDepth());
      case MEMORY ->
          new MemoryLimitExceededException(
              "memory.grow past the memory limit of " + maxMemoryBytes + " bytes", maxMemoryBytes);
    };
  }
}
