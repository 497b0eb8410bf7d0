package dev.mero4j.runtime.internal.host;

import static dev.mero4j.runtime.internal.host.Guest.NONE;
import static dev.mero4j.runtime.internal.host.Guest.VOID;
import static dev.mero4j.runtime.internal.host.Guest.sig;

import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.wasm.api.HostImport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Host functions for registers, call input and output, logs and events. */
final class IoHost {

  /** Longest panic message kept; the rest is cut. */
  private static final int MAX_PANIC_BYTES = 4096;

  /** Longest event kind or handler name. */
  private static final int MAX_NAME_BYTES = 256;

  private IoHost() {}

  static List<HostImport> imports(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_register_len",
            sig("I"),
            sig("I"),
            (m, a) -> {
              byte[] value = ref.get().register(a[0]);
              return Guest.i64(value == null ? -1 : value.length);
            }),
        HostImport.of(
            "env",
            "mero_read_register",
            sig("Ii"),
            NONE,
            (m, a) -> {
              byte[] value = ref.get().register(a[0]);
              if (value == null) {
                throw new AbiViolationException("register " + a[0] + " is empty");
              }
              m.write(Guest.u32(a[1]), value);
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_input",
            sig("I"),
            NONE,
            (m, a) -> {
              ref.get().setRegister(a[0], ref.get().input());
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_return",
            sig("ii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              byte[] value =
                  Guest.bytes(m, a[0], a[1], f.limits().maxReturnBytes(), "return value");
              f.setOutput(GuestJson.require(value, "return value"));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_error",
            sig("ii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              byte[] value = Guest.bytes(m, a[0], a[1], f.limits().maxReturnBytes(), "error value");
              f.setError(
                  new String(GuestJson.require(value, "error value"), StandardCharsets.UTF_8));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_panic",
            sig("ii"),
            NONE,
            (m, a) -> {
              long len = Math.min(Guest.u32(a[1]), MAX_PANIC_BYTES);
              throw new AppPanicException(
                  Guest.utf8(m, a[0], len, MAX_PANIC_BYTES, "panic message"));
            }),
        HostImport.of(
            "env",
            "mero_log",
            sig("ii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              f.log(Guest.utf8(m, a[0], a[1], f.limits().maxLogBytes(), "log line"));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_emit",
            sig("iiiiii"),
            NONE,
            (m, a) -> {
              CallFrame f = ref.get();
              String kind = Guest.utf8(m, a[0], a[1], MAX_NAME_BYTES, "event kind");
              String data = Guest.utf8(m, a[2], a[3], f.limits().maxEventBytes(), "event data");
              Optional<String> handler =
                  Guest.u32(a[5]) == 0
                      ? Optional.empty()
                      : Optional.of(Guest.utf8(m, a[4], a[5], MAX_NAME_BYTES, "handler name"));
              f.emit(new AppEvent(kind, data.isEmpty() ? "null" : data, handler));
              return VOID;
            }));
  }
}
