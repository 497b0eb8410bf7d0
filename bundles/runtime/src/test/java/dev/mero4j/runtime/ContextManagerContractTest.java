package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ApplicationInUseException;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ContextEvent;
import dev.mero4j.runtime.api.CreatedContext;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.InvalidApplicationException;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.MethodNotFoundException;
import dev.mero4j.runtime.api.UnauthorizedException;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.testdata.TestWasm;
import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmLimits;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications and contexts on real MapDB files, driven by the ABI probe app; every WASM engine
 * runs the same suite through a subclass.
 */
abstract class ContextManagerContractTest {
  static byte[] probe;

  @TempDir Path dir;

  /** The engine under test. */
  protected abstract WasmEngine engine();

  private StorageEngine storage;
  private ApplicationManager apps;
  private ContextManager contexts;
  private RuntimeLimits limits;

  static void loadProbeForOthers() {
    loadProbe();
  }

  @BeforeAll
  static void loadProbe() {
    probe = TestWasm.abiProbe();
  }

  @BeforeEach
  void open() {
    limits =
        RuntimeLimits.DEFAULT.withWasm(
            WasmLimits.DEFAULT.withCall(
                CallLimits.DEFAULT
                    .withInstructionBudget(50_000_000L)
                    .withWallClock(Duration.ofSeconds(20))));
    start();
  }

  private void start() {
    storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve("data")));
    apps = new ApplicationManager(storage, engine(), limits);
    contexts = new ContextManager(storage, apps, limits, Clock.systemUTC(), new SecureRandom());
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private CreatedContext context() {
    ApplicationInfo app = apps.install(probe, "test");
    return contexts.create(app.id(), "{\"owner\":\"alice\"}");
  }

  private String call(ContextId ctx, String method, String args) {
    return contexts.execute(ctx, method, args, Optional.empty()).outputJson();
  }

  @Test
  void installReadsTheAbiSectionAndIsIdempotent() {
    ApplicationInfo app = apps.install(probe, "file:probe.wasm");
    assertThat(app.name()).isEqualTo("abi-probe");
    assertThat(app.id()).isEqualTo(ApplicationId.of(Hash.sha256(probe)));
    assertThat(app.abi().method("get")).hasValueSatisfying(m -> assertThat(m.readOnly()).isTrue());
    assertThat(app.abi().events()).contains("Inserted", "Updated", "Removed");
    assertThat(apps.install(probe, "again").id()).isEqualTo(app.id());
    assertThat(apps.list()).extracting(ApplicationInfo::id).containsExactly(app.id());
  }

  @Test
  void badModulesAreRefusedWithAReason() {
    assertThatThrownBy(() -> apps.install(new byte[] {1, 2, 3}, "x"))
        .isInstanceOf(InvalidApplicationException.class)
        .hasMessageContaining("not a WebAssembly module");
    byte[] truncated = java.util.Arrays.copyOf(probe, probe.length / 2);
    assertThatThrownBy(() -> apps.install(truncated, "x"))
        .isInstanceOf(InvalidApplicationException.class);
    byte[] empty = {0, 'a', 's', 'm', 1, 0, 0, 0};
    assertThatThrownBy(() -> apps.install(empty, "x"))
        .isInstanceOf(InvalidApplicationException.class)
        .hasMessageContaining("mero4j.abi");
  }

  @Test
  void initSetGetRemoveAndEvents() {
    CreatedContext ctx = context();
    List<ContextEvent> seen = new CopyOnWriteArrayList<>();
    contexts.subscribe(Set.of(ctx.contextId()), seen::add);
    assertThat(call(ctx.contextId(), "owner", "{}")).isEqualTo("\"alice\"");
    ExecutionResult set =
        contexts.execute(
            ctx.contextId(), "set", "{\"key\":\"a\",\"value\":\"1\"}", Optional.empty());
    assertThat(set.delta()).isPresent();
    assertThat(set.events())
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo("Inserted"));
    assertThat(set.logs()).containsExactly("set a");
    call(ctx.contextId(), "set", "{\"key\":\"a\",\"value\":\"2\"}");
    assertThat(call(ctx.contextId(), "get", "{\"key\":\"a\"}")).isEqualTo("\"2\"");
    assertThat(call(ctx.contextId(), "get", "{\"key\":\"zz\"}")).isEqualTo("null");
    assertThat(call(ctx.contextId(), "remove", "{\"key\":\"a\"}")).isEqualTo("true");
    assertThat(call(ctx.contextId(), "len", "{}")).isEqualTo("0");
    assertThat(seen)
        .extracting(e -> e.events().get(0).kind())
        .containsExactly("Inserted", "Updated", "Removed");
    assertThat(seen.get(2).newRoot())
        .isEqualTo(contexts.get(ctx.contextId()).orElseThrow().rootHash());
    assertThat(seen).extracting(ContextEvent::sequence).isSorted();
  }

  @Test
  void readOnlyCallsCommitNothing() {
    CreatedContext ctx = context();
    Hash before = contexts.get(ctx.contextId()).orElseThrow().rootHash();
    ExecutionResult view = contexts.execute(ctx.contextId(), "len", "{}", Optional.empty());
    assertThat(view.delta()).isEmpty();
    assertThat(view.rootHash()).isEqualTo(before);
    assertThatThrownBy(() -> call(ctx.contextId(), "write_in_view", "{}"))
        .isInstanceOf(ExecutionFailedException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void everyFailureDiscardsTheCallsWrites() {
    CreatedContext ctx = context();
    call(ctx.contextId(), "set", "{\"key\":\"keep\",\"value\":\"1\"}");
    Hash before = contexts.get(ctx.contextId()).orElseThrow().rootHash();
    assertThatThrownBy(() -> call(ctx.contextId(), "fail_after_write", "{}"))
        .isInstanceOfSatisfying(
            AppErrorException.class, e -> assertThat(e.errorJson()).contains("refused"));
    assertThatThrownBy(() -> call(ctx.contextId(), "panic_after_write", "{}"))
        .isInstanceOf(ExecutionFailedException.class)
        .hasMessageContaining("boom");
    assertThatThrownBy(() -> call(ctx.contextId(), "spin", "{}"))
        .isInstanceOf(ExecutionLimitException.class);
    assertThatThrownBy(() -> call(ctx.contextId(), "big_return", "{}"))
        .isInstanceOf(ExecutionLimitException.class)
        .hasMessageContaining("return value");
    assertThatThrownBy(() -> call(ctx.contextId(), "log_flood", "{}"))
        .isInstanceOf(ExecutionLimitException.class)
        .hasMessageContaining("log lines");
    assertThat(contexts.get(ctx.contextId()).orElseThrow().rootHash()).isEqualTo(before);
    assertThat(call(ctx.contextId(), "get", "{\"key\":\"doomed\"}")).isEqualTo("null");
    assertThat(call(ctx.contextId(), "get", "{\"key\":\"keep\"}")).isEqualTo("\"1\"");
  }

  @Test
  void badRequestsAreTypedErrors() {
    CreatedContext ctx = context();
    assertThatThrownBy(() -> call(ctx.contextId(), "nope", "{}"))
        .isInstanceOf(MethodNotFoundException.class);
    assertThatThrownBy(() -> call(ctx.contextId(), "init", "{}"))
        .isInstanceOf(MethodNotFoundException.class);
    assertThatThrownBy(() -> call(ctx.contextId(), "set", "{not json"))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> call(ContextId.ZERO, "get", "{}"))
        .isInstanceOf(UnknownContextException.class);
    PublicKey stranger = PublicKey.of(new byte[32]);
    assertThatThrownBy(() -> contexts.execute(ctx.contextId(), "len", "{}", Optional.of(stranger)))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(
            contexts
                .execute(ctx.contextId(), "len", "{}", Optional.of(ctx.memberPublicKey()))
                .outputJson())
        .isEqualTo("0");
    assertThatThrownBy(
            () -> apps.delete(contexts.get(ctx.contextId()).orElseThrow().applicationId()))
        .isInstanceOf(ApplicationInUseException.class);
  }

  @Test
  void stateCountersAndTextSurviveARestart() {
    CreatedContext ctx = context();
    call(ctx.contextId(), "set", "{\"key\":\"a\",\"value\":\"1\"}");
    assertThat(call(ctx.contextId(), "bump", "{\"by\":5}")).isEqualTo("5");
    call(ctx.contextId(), "type_text", "{\"pos\":0,\"text\":\"héllo 😀\"}");
    call(ctx.contextId(), "type_text", "{\"pos\":7,\"text\":\"!\"}");
    var before = contexts.get(ctx.contextId()).orElseThrow();
    storage.close();
    start();
    var after = contexts.get(ctx.contextId()).orElseThrow();
    assertThat(after.rootHash()).isEqualTo(before.rootHash());
    assertThat(after.dagHeads()).isEqualTo(before.dagHeads());
    assertThat(call(ctx.contextId(), "text", "{}")).isEqualTo("\"héllo 😀!\"");
    assertThat(call(ctx.contextId(), "get", "{\"key\":\"a\"}")).isEqualTo("\"1\"");
    assertThat(call(ctx.contextId(), "bump", "{\"by\":1}")).isEqualTo("6");
  }

  @Test
  void deleteRemovesTheContextAndItsRecords() {
    CreatedContext ctx = context();
    call(ctx.contextId(), "set", "{\"key\":\"a\",\"value\":\"1\"}");
    contexts.delete(ctx.contextId());
    assertThat(contexts.get(ctx.contextId())).isEmpty();
    storage.close();
    start();
    assertThat(contexts.list()).isEmpty();
    assertThatThrownBy(() -> contexts.delete(ctx.contextId()))
        .isInstanceOf(UnknownContextException.class);
  }

  @Test
  void timeIsFixedPerCallAndEachCallDrawsItsOwnRandomness() {
    CreatedContext ctx = context();
    String first = call(ctx.contextId(), "env", "{}");
    assertThat(first).contains("\"now\":").contains("\"random\":[");
    String second = call(ctx.contextId(), "env", "{}");
    assertThat(second.substring(second.indexOf("random")))
        .isNotEqualTo(first.substring(first.indexOf("random")));
  }
}
