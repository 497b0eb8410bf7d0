package dev.mero4j.wasm.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.wasm.api.CallLimits;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.ExportSignatureException;
import dev.mero4j.wasm.api.FunctionImport;
import dev.mero4j.wasm.api.FunctionSignature;
import dev.mero4j.wasm.api.HostFunctionException;
import dev.mero4j.wasm.api.HostImport;
import dev.mero4j.wasm.api.InvalidMemoryAccessException;
import dev.mero4j.wasm.api.InvalidModuleException;
import dev.mero4j.wasm.api.MemoryLimitExceededException;
import dev.mero4j.wasm.api.ModuleTooLargeException;
import dev.mero4j.wasm.api.NoSuchExportException;
import dev.mero4j.wasm.api.TrapException;
import dev.mero4j.wasm.api.UnresolvedImportException;
import dev.mero4j.wasm.api.ValueType;
import dev.mero4j.wasm.api.WasmEngine;
import dev.mero4j.wasm.api.WasmInstance;
import dev.mero4j.wasm.api.WasmLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Functional contract of a {@link WasmEngine}: exports and imports, number types, host functions
 * and guest memory, start functions, and instruction counts pinned to golden values so that every
 * engine consumes exactly the same budget. Subclasses supply the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class WasmEngineContract {
  /** Golden instruction counts of the metering model; every engine must reproduce them. */
  static final long ADD_I32_INSTRUCTIONS = 4;

  static final long SUM_TO_100_INSTRUCTIONS = 1330;
  static final long FIB_10_INSTRUCTIONS = 1943;

  protected WasmEngine engine;
  protected TckHost host;
  protected CompiledModule basic;

  /** Creates the engine under test; called once per test class. */
  protected abstract WasmEngine createEngine();

  @BeforeAll
  void setUpEngine() {
    engine = createEngine();
    Assumptions.assumeTrue(engine.availability().available(), engine.availability().reason());
    host = new TckHost();
    basic = engine.compile(WasmCorpus.wasm("basic"));
  }

  @AfterAll
  void tearDownEngine() throws Exception {
    if (engine instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  protected WasmInstance basicInstance() {
    return basic.instantiate(host.imports());
  }

  @Test
  void listsExportsWithTheirSignatures() {
    assertThat(basic.exports())
        .contains(
            new FunctionSignature(
                "add_i32", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)),
            new FunctionSignature(
                "mul_f64", List.of(ValueType.F64, ValueType.F64), List.of(ValueType.F64)),
            new FunctionSignature("nothing", List.of(), List.of()));
    assertThat(basic.exports())
        .extracting(FunctionSignature::name)
        .noneMatch(n -> n.startsWith("__mero4j"));
  }

  @Test
  void compiledModuleServesInstancesOnManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long n = 100L + t;
        results.add(
            pool.submit(
                () -> {
                  try (WasmInstance wasm = basicInstance()) {
                    long sum = 0;
                    for (int i = 0; i < 50; i++) {
                      sum += wasm.call("sum_to", n)[0];
                    }
                    return sum;
                  }
                }));
      }
      for (int t = 0; t < 8; t++) {
        long n = 100L + t;
        assertThat(results.get(t).get(60, TimeUnit.SECONDS)).isEqualTo(50 * n * (n + 1) / 2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listsImportsInOrder() {
    assertThat(basic.imports()).extracting(FunctionImport::module).containsOnly("env");
    assertThat(basic.imports())
        .extracting(i -> i.signature().name())
        .containsExactly("host_add", "reverse", "fail");
  }

  @Test
  void hashIsTheSha256OfTheOriginalBytes() {
    byte[] wasm = WasmCorpus.wasm("basic");
    assertThat(engine.compile(wasm).hash()).isEqualTo(dev.mero4j.primitives.Hash.sha256(wasm));
  }

  @Test
  void callsWithI32AndI64ArgumentsAndResults() {
    try (WasmInstance wasm = basicInstance()) {
      assertThat(wasm.call("add_i32", 40, 2)).containsExactly(42);
      assertThat(wasm.call("add_i32", Integer.MAX_VALUE, 1)).containsExactly(Integer.MIN_VALUE);
      assertThat(wasm.call("neg_i32", 5)).containsExactly(-5);
      assertThat(wasm.call("add_i64", Long.MAX_VALUE - 1, 1)).containsExactly(Long.MAX_VALUE);
      assertThat(wasm.call("sign_extend", -1)).containsExactly(-1L);
      assertThat(wasm.call("sum_to", 100)).containsExactly(5050);
      assertThat(wasm.call("fib", 10)).containsExactly(55);
      assertThat(wasm.call("nothing")).isEmpty();
    }
  }

  @Test
  void passesFloatsAsRawBits() {
    try (WasmInstance wasm = basicInstance()) {
      long[] result =
          wasm.call("mul_f64", Double.doubleToRawLongBits(1.5), Double.doubleToRawLongBits(-4.0));
      assertThat(Double.longBitsToDouble(result[0])).isEqualTo(-6.0);
    }
  }

  @Test
  void runsTheStartFunctionAtInstantiation() {
    try (WasmInstance wasm = basicInstance()) {
      assertThat(wasm.call("started")).containsExactly(42);
    }
  }

  @Test
  void hostFunctionReceivesArgumentsAndReturnsResults() {
    try (WasmInstance wasm = basicInstance()) {
      assertThat(wasm.call("call_host", 40, 2)).containsExactly(42);
    }
  }

  @Test
  void hostFunctionReadsAndWritesGuestMemory() {
    try (WasmInstance wasm = basicInstance()) {
      assertThat(new String(wasm.memory().read(16, 13), StandardCharsets.UTF_8))
          .isEqualTo("hello, mero4j");
      wasm.call("reverse_greeting");
      assertThat(new String(wasm.memory().read(16, 13), StandardCharsets.UTF_8))
          .isEqualTo("j4orem ,olleh");
      wasm.memory().writeLong(1024, 0x0102030405060708L);
      assertThat(wasm.call("load_u8", 1024)).containsExactly(8);
      wasm.call("store_u8", 1031, 0xFF);
      assertThat(wasm.memory().readLong(1024)).isEqualTo(0xFF02030405060708L);
      assertThat(wasm.memory().size()).isEqualTo(65536);
    }
  }

  @Test
  void hostAccessOutsideGuestMemoryIsInvalidMemoryAccess() {
    try (WasmInstance wasm = basicInstance()) {
      assertThatThrownBy(() -> wasm.memory().read(65530, 10))
          .isInstanceOf(InvalidMemoryAccessException.class);
      assertThatThrownBy(() -> wasm.memory().read(-1, 1))
          .isInstanceOf(InvalidMemoryAccessException.class);
      assertThatThrownBy(() -> wasm.memory().write(1L << 40, new byte[1]))
          .isInstanceOf(InvalidMemoryAccessException.class);
    }
  }

  @Test
  void typedHostErrorIsRethrownUnchanged() {
    try (WasmInstance wasm = basicInstance()) {
      assertThatThrownBy(() -> wasm.call("fail", 1))
          .isInstanceOf(TckHost.AbortedByHostException.class);
      assertThat(wasm.call("add_i32", 1, 2)).containsExactly(3);
    }
  }

  @Test
  void unexpectedHostErrorIsWrapped() {
    try (WasmInstance wasm = basicInstance()) {
      assertThatThrownBy(() -> wasm.call("fail", 2))
          .isInstanceOf(HostFunctionException.class)
          .hasRootCauseInstanceOf(IllegalStateException.class);
      assertThat(wasm.call("add_i32", 1, 2)).containsExactly(3);
    }
  }

  @Test
  void memoryGrowsUpToTheDeclaredMaximumThenHitsTheLimit() {
    try (WasmInstance wasm = basicInstance()) {
      assertThat(wasm.call("grow", 15)).containsExactly(1);
      assertThat(wasm.call("pages")).containsExactly(16);
      assertThat(wasm.memory().size()).isEqualTo(16L * 65536);
      assertThatThrownBy(() -> wasm.call("grow", 1))
          .isInstanceOf(MemoryLimitExceededException.class);
    }
  }

  @Test
  void accessJustPastTheEndOfGrownMemoryTraps() {
    try (WasmInstance wasm = basicInstance()) {
      wasm.call("grow", 2);
      wasm.call("store_u8", 3 * 65536 - 1, 7);
      assertThat(wasm.call("load_u8", 3 * 65536 - 1)).containsExactly(7);
      assertThatThrownBy(() -> wasm.call("store_u8", 3 * 65536 + 100, 1))
          .isInstanceOf(TrapException.class);
      assertThatThrownBy(() -> wasm.call("load_u8", 3 * 65536)).isInstanceOf(TrapException.class);
    }
  }

  @Test
  void instructionCountsMatchTheGoldenValues() {
    try (WasmInstance wasm = basicInstance()) {
      wasm.call("add_i32", 1, 2);
      assertThat(wasm.instructionsUsed()).isEqualTo(ADD_I32_INSTRUCTIONS);
      wasm.call("sum_to", 100);
      assertThat(wasm.instructionsUsed()).isEqualTo(SUM_TO_100_INSTRUCTIONS);
      wasm.call("fib", 10);
      assertThat(wasm.instructionsUsed()).isEqualTo(FIB_10_INSTRUCTIONS);
    }
  }

  @Test
  void exactBudgetIsEnoughAndOneLessIsNot() {
    try (WasmInstance wasm = basicInstance()) {
      CallLimits exact = CallLimits.DEFAULT.withInstructionBudget(FIB_10_INSTRUCTIONS);
      assertThat(wasm.call(exact, "fib", 10)).containsExactly(55);
      assertThatThrownBy(
              () -> wasm.call(exact.withInstructionBudget(FIB_10_INSTRUCTIONS - 1), "fib", 10))
          .isInstanceOf(dev.mero4j.wasm.api.InstructionBudgetExceededException.class);
    }
  }

  @Test
  void missingExportIsNoSuchExport() {
    try (WasmInstance wasm = basicInstance()) {
      assertThatThrownBy(() -> wasm.call("no_such_export"))
          .isInstanceOf(NoSuchExportException.class);
      assertThatThrownBy(() -> wasm.call("memory")).isInstanceOf(NoSuchExportException.class);
    }
  }

  @Test
  void wrongArgumentCountIsAnExportSignatureError() {
    try (WasmInstance wasm = basicInstance()) {
      assertThatThrownBy(() -> wasm.call("add_i32", 1))
          .isInstanceOf(ExportSignatureException.class);
      assertThat(wasm.call("add_i32", 1, 1)).containsExactly(2);
    }
  }

  @Test
  void unknownImportIsUnresolved() {
    CompiledModule module = engine.compile(WasmCorpus.wasm("unknown_import"));
    assertThatThrownBy(() -> module.instantiate(host.imports()))
        .isInstanceOf(UnresolvedImportException.class);
  }

  @Test
  void importWithAnotherSignatureIsUnresolved() {
    List<HostImport> wrong =
        List.of(
            HostImport.of(
                "env", "host_add", List.of(ValueType.I32), List.of(), (m, a) -> new long[0]),
            host.imports().get(1),
            host.imports().get(2));
    assertThatThrownBy(() -> basic.instantiate(wrong))
        .isInstanceOf(UnresolvedImportException.class);
  }

  @Test
  void invalidBytesAreAnInvalidModule() {
    assertThatThrownBy(() -> engine.compile("not wasm".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidModuleException.class);
    assertThatThrownBy(() -> engine.compile(new byte[0]))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void illTypedCodeIsAnInvalidModule() {
    assertThatThrownBy(() -> engine.compile(WasmCorpus.illTyped()))
        .isInstanceOf(InvalidModuleException.class);
  }

  @Test
  void moduleOverTheSizeCapIsTooLarge() {
    byte[] wasm = WasmCorpus.wasm("basic");
    assertThatThrownBy(
            () -> engine.compile(wasm, WasmLimits.DEFAULT.withMaxModuleBytes(wasm.length - 1)))
        .isInstanceOf(ModuleTooLargeException.class);
  }

  @Test
  void initialMemoryOverTheCapIsRejectedAtCompile() {
    assertThatThrownBy(() -> engine.compile(WasmCorpus.wasm("big_memory")))
        .isInstanceOf(MemoryLimitExceededException.class);
  }

  @Test
  void customSectionsAreReadable() {
    byte[] wasm = WasmCorpus.wasm("unknown_import");
    byte[] name = "calimero_abi_v1".getBytes(StandardCharsets.UTF_8);
    byte[] payload = "{\"methods\":[]}".getBytes(StandardCharsets.UTF_8);
    byte[] module = new byte[wasm.length + 3 + name.length + payload.length];
    System.arraycopy(wasm, 0, module, 0, wasm.length);
    int p = wasm.length;
    module[p++] = 0;
    module[p++] = (byte) (1 + name.length + payload.length);
    module[p++] = (byte) name.length;
    System.arraycopy(name, 0, module, p, name.length);
    System.arraycopy(payload, 0, module, p + name.length, payload.length);
    assertThat(engine.compile(module).customSection("calimero_abi_v1"))
        .hasValueSatisfying(found -> assertThat(found).isEqualTo(payload));
  }
}
