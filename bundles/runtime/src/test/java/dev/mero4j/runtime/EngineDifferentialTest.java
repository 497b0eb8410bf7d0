package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import dev.mero4j.wasm.wasmtime.WasmtimeWasmEngine;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same calls on Chicory and Wasmtime give identical outputs, events, logs and root hashes. */
class EngineDifferentialTest {
  private static final String[][] CALLS = {
    {"set", "{\"key\":\"a\",\"value\":\"1\"}"},
    {"set", "{\"key\":\"b\",\"value\":\"2\"}"},
    {"set", "{\"key\":\"a\",\"value\":\"3\"}"},
    {"remove", "{\"key\":\"b\"}"},
    {"bump", "{\"by\":7}"},
    {"type_text", "{\"pos\":0,\"text\":\"日本語 ok\"}"},
    {"type_text", "{\"pos\":3,\"text\":\"🙂\"}"},
    {"text", "{}"},
    {"get", "{\"key\":\"a\"}"},
    {"len", "{}"},
    {"env", "{}"},
  };

  @Test
  void chicoryAndWasmtimeAgreeOnEveryCall() throws Exception {
    WasmEngine wasmtime = new WasmtimeWasmEngine();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        wasmtime.availability().available() || System.getenv("CI") == null);
    assertThat(run(new ChicoryWasmEngine())).isEqualTo(run(wasmtime));
  }

  private List<String> run(WasmEngine engine) throws NoSuchAlgorithmException {
    if (ContextManagerContractTest.probe == null) {
      ContextManagerContractTest.loadProbeForOthers();
    }
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    try (StorageEngine storage =
        new MemoryStorageProvider().open(StorageConfig.at(Path.of("unused")))) {
      ApplicationManager apps = new ApplicationManager(storage, engine, RuntimeLimits.DEFAULT);
      ContextManager contexts =
          new ContextManager(storage, apps, RuntimeLimits.DEFAULT, clock, random);
      ContextId ctx =
          contexts
              .create(apps.install(ContextManagerContractTest.probe, "t").id(), "{}")
              .contextId();
      List<String> trace = new ArrayList<>();
      for (String[] call : CALLS) {
        ExecutionResult r = contexts.execute(ctx, call[0], call[1], Optional.empty());
        trace.add(
            call[0]
                + " -> "
                + r.outputJson()
                + " "
                + r.events()
                + " "
                + r.logs()
                + " root "
                + r.rootHash());
      }
      return trace;
    }
  }
}
