package dev.mero4j.wasm.tck;

import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.ResourceLimitException;
import dev.mero4j.wasm.api.ValueType;
import java.util.ArrayList;
import java.util.List;

/** Host functions the corpus imports, recording what they saw. */
public final class TckHost {
  /** Cap on {@code value_return}, Calimero's 16 MiB return-value limit. */
  public static final int MAX_RETURN_BYTES = 16 << 20;

  /** The error {@code env.fail(1)} and oversized returns abort a call with. */
  public static final class AbortedByHostException extends ResourceLimitException {
    private static final long serialVersionUID = 1L;

    public AbortedByHostException(String message, long limit) {
      super(message, limit);
    }
  }

  /** Values passed to {@code value_return}, in order. */
  public final List<byte[]> returned = new ArrayList<>();

  /** The imports of basic.wat and hostile.wat. */
  public List<HostImport> imports() {
    List<ValueType> i64i64 = List.of(ValueType.I64, ValueType.I64);
    return List.of(
        HostImport.of(
            "env",
            "host_add",
            i64i64,
            List.of(ValueType.I64),
            (memory, args) -> new long[] {args[0] + args[1]}),
        HostImport.of(
            "env",
            "reverse",
            i64i64,
            List.of(),
            (memory, args) -> {
              byte[] bytes = memory.read(args[0], (int) args[1]);
              byte[] reversed = new byte[bytes.length];
              for (int i = 0; i < bytes.length; i++) {
                reversed[i] = bytes[bytes.length - 1 - i];
              }
              memory.write(args[0], reversed);
              return new long[0];
            }),
        HostImport.of(
            "env",
            "fail",
            List.of(ValueType.I32),
            List.of(),
            (memory, args) -> {
              if ((int) args[0] == 1) {
                throw new AbortedByHostException("guest asked to fail", 1);
              }
              throw new IllegalStateException("host bug " + (int) args[0]);
            }),
        HostImport.of(
            "env",
            "value_return",
            i64i64,
            List.of(),
            (memory, args) -> {
              if (args[1] < 0 || args[1] > MAX_RETURN_BYTES) {
                throw new AbortedByHostException(
                    "return value of " + args[1] + " bytes", MAX_RETURN_BYTES);
              }
              returned.add(memory.read(args[0], (int) args[1]));
              return new long[0];
            }));
  }
}
