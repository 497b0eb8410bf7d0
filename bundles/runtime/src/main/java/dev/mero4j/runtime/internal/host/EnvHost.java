package dev.mero4j.runtime.internal.host;

import static dev.mero4j.runtime.internal.host.Guest.NONE;
import static dev.mero4j.runtime.internal.host.Guest.VOID;
import static dev.mero4j.runtime.internal.host.Guest.sig;

import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.wasm.api.HostImport;
import java.util.List;

/**
 * Host functions for the call's environment: ids, deterministic time and randomness, signatures.
 */
final class EnvHost {
  /** Largest random block per call of mero_random_bytes. */
  private static final int MAX_RANDOM_BYTES = 64 << 10;

  /** Largest message mero_ed25519_verify hashes. */
  private static final int MAX_VERIFY_BYTES = 1 << 20;

  private EnvHost() {}

  static List<HostImport> imports(FrameRef ref) {
    return List.of(
        HostImport.of(
            "env",
            "mero_context_id",
            sig("I"),
            NONE,
            (m, a) -> {
              ref.get().setRegister(a[0], ref.get().context().toBytes());
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_executor_id",
            sig("I"),
            NONE,
            (m, a) -> {
              ref.get().setRegister(a[0], ref.get().executor().toBytes());
              return VOID;
            }),
        HostImport.of(
            "env", "mero_time_now", NONE, sig("I"), (m, a) -> Guest.i64(ref.get().timeNanos())),
        HostImport.of(
            "env",
            "mero_random_bytes",
            sig("ii"),
            NONE,
            (m, a) -> {
              long len = Guest.u32(a[1]);
              if (len > MAX_RANDOM_BYTES) {
                throw new HostLimitException(
                    "random block of " + len + " bytes exceeds " + MAX_RANDOM_BYTES,
                    MAX_RANDOM_BYTES);
              }
              m.write(Guest.u32(a[0]), ref.get().randomBytes((int) len));
              return VOID;
            }),
        HostImport.of(
            "env",
            "mero_ed25519_verify",
            sig("iiii"),
            sig("i"),
            (m, a) -> {
              Signature signature = Signature.of(m.read(Guest.u32(a[0]), Signature.LENGTH));
              PublicKey key = PublicKey.of(m.read(Guest.u32(a[1]), PublicKey.LENGTH));
              byte[] message = Guest.bytes(m, a[2], a[3], MAX_VERIFY_BYTES, "signed message");
              return Guest.i32(key.verify(message, signature));
            }));
  }
}
