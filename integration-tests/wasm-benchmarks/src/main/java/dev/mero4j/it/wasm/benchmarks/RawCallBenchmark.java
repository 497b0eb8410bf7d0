package dev.mero4j.it.wasm.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.mero4j.wasm.tck.WasmCorpus;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The same calls straight on each engine's own API with the unmetered module: the baseline. */
@State(Scope.Thread)
public class RawCallBenchmark {
  @Param({"chicory", "wasmtime"})
  public String engine;

  private ExportFunction chicoryAdd;
  private ExportFunction chicoryHost;
  private ExportFunction chicoryLoop;
  private Store<Void> store;
  private Func wasmtimeAdd;
  private Func wasmtimeHost;
  private Func wasmtimeLoop;

  @Setup
  public void setUp() {
    byte[] wasm = WasmCorpus.wasm("basic");
    if ("chicory".equals(engine)) {
      setUpChicory(wasm);
    } else {
      setUpWasmtime(wasm);
    }
  }

  private void setUpChicory(byte[] wasm) {
    WasmModule module = Parser.parse(wasm);
    FunctionType i64i64 = FunctionType.of(List.of(ValType.I64, ValType.I64), List.of());
    ImportValues imports =
        ImportValues.builder()
            .addFunction(
                new HostFunction(
                    "env",
                    "host_add",
                    FunctionType.of(List.of(ValType.I64, ValType.I64), List.of(ValType.I64)),
                    (inst, args) -> new long[] {args[0] + args[1]}))
            .addFunction(new HostFunction("env", "reverse", i64i64, (inst, args) -> null))
            .addFunction(
                new HostFunction(
                    "env",
                    "fail",
                    FunctionType.of(List.of(ValType.I32), List.of()),
                    (inst, args) -> null))
            .build();
    Instance instance =
        Instance.builder(module)
            .withImportValues(imports)
            .withMachineFactory(MachineFactoryCompiler.compile(module))
            .build();
    chicoryAdd = instance.export("add_i32");
    chicoryHost = instance.export("call_host");
    chicoryLoop = instance.export("sum_to");
  }

  private void setUpWasmtime(byte[] wasm) {
    Engine wasmtime = new Engine();
    store = new Store<>(null, wasmtime);
    Linker linker = new Linker(wasmtime);
    Val.Type i64 = Val.Type.I64;
    linker.define(
        store,
        "env",
        "host_add",
        Extern.fromFunc(
            new Func(
                store,
                new FuncType(new Val.Type[] {i64, i64}, new Val.Type[] {i64}),
                (caller, params, results) ->
                    results[0] = Val.fromI64(params[0].i64() + params[1].i64()))));
    linker.define(
        store,
        "env",
        "reverse",
        Extern.fromFunc(
            new Func(
                store,
                new FuncType(new Val.Type[] {i64, i64}, new Val.Type[0]),
                (caller, params, results) -> {})));
    linker.define(
        store,
        "env",
        "fail",
        Extern.fromFunc(
            new Func(
                store,
                new FuncType(new Val.Type[] {Val.Type.I32}, new Val.Type[0]),
                (caller, params, results) -> {})));
    linker.module(store, "guest", Module.fromBinary(wasmtime, wasm));
    wasmtimeAdd = linker.get(store, "guest", "add_i32").orElseThrow().func();
    wasmtimeHost = linker.get(store, "guest", "call_host").orElseThrow().func();
    wasmtimeLoop = linker.get(store, "guest", "sum_to").orElseThrow().func();
  }

  @TearDown
  public void tearDown() {
    if (store != null) {
      store.dispose();
    }
  }

  @Benchmark
  public long trivialCall() {
    return chicoryAdd != null
        ? chicoryAdd.apply(40, 2)[0]
        : wasmtimeAdd.call(store, Val.fromI32(40), Val.fromI32(2))[0].i32();
  }

  @Benchmark
  public long hostRoundTrip() {
    return chicoryHost != null
        ? chicoryHost.apply(40, 2)[0]
        : wasmtimeHost.call(store, Val.fromI64(40), Val.fromI64(2))[0].i64();
  }

  @Benchmark
  public long loop1000() {
    return chicoryLoop != null
        ? chicoryLoop.apply(1000)[0]
        : wasmtimeLoop.call(store, Val.fromI64(1000))[0].i64();
  }
}
