package dev.mero4j.wasm.api;

/** A call executed more metered instructions than {@link CallLimits#instructionBudget()}. */
public class InstructionBudgetExceededException extends ResourceLimitException {
  private static final long serialVersionUID = 1L;

  public InstructionBudgetExceededException(String message, long limit) {
    super(message, limit);
  }

  public InstructionBudgetExceededException(String message, long limit, Throwable cause) {
    super(message, limit, cause);
  }
}
