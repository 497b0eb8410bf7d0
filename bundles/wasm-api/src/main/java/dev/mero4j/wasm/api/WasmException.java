package dev.mero4j.wasm.api;

/**
 * Root of the errors raised by WASM engines; callers branch on the subtype.
 *
 * <pre>
 * WasmException
 * ├─ EngineUnavailableException        engine cannot run here (native library missing)
 * ├─ InvalidModuleException            compile: bytes are not a valid module
 * │  ├─ ModuleTooLargeException        compile: over WasmLimits.maxModuleBytes
 * │  └─ UnresolvedImportException      compile/instantiate: import the host does not offer
 * ├─ NoSuchExportException             call: no exported function of that name
 * ├─ ExportSignatureException          call: arguments do not match the export's type
 * ├─ TrapException                     guest trapped (unreachable, out-of-bounds, div by zero)
 * │  └─ InvalidMemoryAccessException   host read/write outside guest memory
 * ├─ HostFunctionException             a host function failed with an unexpected exception
 * └─ ResourceLimitException            a capped resource ran out; limit() tells the cap
 *    ├─ InstructionBudgetExceededException
 *    ├─ MemoryLimitExceededException
 *    ├─ CallDepthExceededException
 *    └─ WallClockTimeoutException
 * </pre>
 */
public class WasmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WasmException(String message) {
    super(message);
  }

  public WasmException(String message, Throwable cause) {
    super(message, cause);
  }
}
