package dev.mero4j.it.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ApplicationInfo;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.testdata.EditingTrace;
import dev.mero4j.wasm.api.WasmEngine;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kv-store and collab-editor, as shipped prebuilt, in a node through the Java API; one subclass per
 * engine.
 */
abstract class ExampleAppsContractTest {
  @TempDir Path home;

  protected abstract WasmEngine engine();

  @Test
  void kvStoreSetGetRemoveEntriesLenAndEventsSurviveARestart() {
    ContextId ctx;
    Hash root;
    try (AppNode node = AppNode.start(home, engine())) {
      ApplicationInfo app =
          node.apps().install(AppNode.prebuilt("kv-store"), "prebuilt/kv-store.wasm");
      assertThat(app.name()).isEqualTo("kv-store");
      assertThat(app.abi().methods())
          .extracting(m -> m.name())
          .contains("set", "get", "remove", "entries", "len");
      ctx = node.contexts().create(app.id(), "{}").contextId();
      ExecutionResult set =
          node.contexts().execute(ctx, "set", "{\"key\":\"a\",\"value\":\"1\"}", Optional.empty());
      assertThat(set.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo("Inserted");
                assertThat(e.dataJson()).contains("\"key\":\"a\"");
              });
      assertThat(
              node.contexts()
                  .execute(ctx, "set", "{\"key\":\"a\",\"value\":\"2\"}", Optional.empty())
                  .events())
          .singleElement()
          .satisfies(e -> assertThat(e.kind()).isEqualTo("Updated"));
      node.call(ctx, "set", "{\"key\":\"b\",\"value\":\"ü😀\"}");
      assertThat(node.call(ctx, "get", "{\"key\":\"a\"}")).isEqualTo("\"2\"");
      assertThat(node.call(ctx, "get", "{\"key\":\"zz\"}")).isEqualTo("null");
      assertThat(node.call(ctx, "len", "{}")).isEqualTo("2");
      assertThat(node.call(ctx, "entries", "{}")).isEqualTo("{\"a\":\"2\",\"b\":\"ü😀\"}");
      assertThat(node.call(ctx, "remove", "{\"key\":\"a\"}")).isEqualTo("\"2\"");
      root = node.contexts().get(ctx).orElseThrow().rootHash();
    }
    try (AppNode again = AppNode.start(home, engine())) {
      assertThat(again.contexts().get(ctx).orElseThrow().rootHash()).isEqualTo(root);
      assertThat(again.call(ctx, "entries", "{}")).isEqualTo("{\"b\":\"ü😀\"}");
      again.call(ctx, "set", "{\"key\":\"c\",\"value\":\"3\"}");
      assertThat(again.call(ctx, "len", "{}")).isEqualTo("2");
    }
  }

  @Test
  void kvStoreRejectsBadArgumentsWithoutWriting() {
    try (AppNode node = AppNode.start(home, engine())) {
      ContextId ctx =
          node.contexts()
              .create(node.apps().install(AppNode.prebuilt("kv-store"), "x").id(), "{}")
              .contextId();
      Hash before = node.contexts().get(ctx).orElseThrow().rootHash();
      assertThatThrownBy(() -> node.call(ctx, "set", "{\"key\":1}"))
          .isInstanceOf(RuntimeApiException.class);
      assertThatThrownBy(
              () -> node.call(ctx, "set", "{\"key\":\"a\",\"value\":\"1\",\"extra\":true}"))
          .isInstanceOf(RuntimeApiException.class);
      assertThatThrownBy(() -> node.call(ctx, "set", "[1,2"))
          .isInstanceOf(InvalidArgumentsException.class);
      assertThat(node.contexts().get(ctx).orElseThrow().rootHash()).isEqualTo(before);
    }
  }

  @Test
  void collabEditorCountsCodePointsAndSurvivesARestart() {
    ContextId ctx;
    try (AppNode node = AppNode.start(home, engine())) {
      ctx =
          node.contexts()
              .create(node.apps().install(AppNode.prebuilt("collab-editor"), "x").id(), "{}")
              .contextId();
      node.call(ctx, "insert", "{\"pos\":0,\"text\":\"hello world\"}");
      node.call(ctx, "insert", "{\"pos\":5,\"text\":\", 世界 😀\"}");
      assertThat(node.call(ctx, "text", "{}")).isEqualTo("\"hello, 世界 😀 world\"");
      node.call(ctx, "delete", "{\"pos\":7,\"len\":3}");
      assertThat(node.call(ctx, "text", "{}")).isEqualTo("\"hello, 😀 world\"");
      assertThat(node.call(ctx, "len", "{}")).isEqualTo("14");
      assertThatThrownBy(() -> node.call(ctx, "delete", "{\"pos\":10,\"len\":99}"))
          .isInstanceOfSatisfying(
              AppErrorException.class, e -> assertThat(e.errorJson()).contains("past the end"));
      assertThatThrownBy(() -> node.call(ctx, "insert", "{\"pos\":99,\"text\":\"x\"}"))
          .isInstanceOf(AppErrorException.class);
    }
    try (AppNode again = AppNode.start(home, engine())) {
      assertThat(again.call(ctx, "text", "{}")).isEqualTo("\"hello, 😀 world\"");
    }
  }

  @Test
  void collabEditorReplaysTheStartOfARealEditingTrace() throws Exception {
    EditingTrace trace = EditingTrace.load("automerge-paper");
    StringBuilder expected = new StringBuilder(trace.startContent());
    try (AppNode node = AppNode.start(home, engine())) {
      ContextId ctx =
          node.contexts()
              .create(node.apps().install(AppNode.prebuilt("collab-editor"), "x").id(), "{}")
              .contextId();
      for (EditingTrace.Patch p : trace.patches().subList(0, 2000)) {
        if (p.delete() > 0) {
          node.call(ctx, "delete", "{\"pos\":" + p.pos() + ",\"len\":" + p.delete() + "}");
          expected.delete(p.pos(), p.pos() + p.delete());
        }
        if (!p.insert().isEmpty()) {
          node.call(ctx, "insert", "{\"pos\":" + p.pos() + ",\"text\":" + json(p.insert()) + "}");
          expected.insert(p.pos(), p.insert());
        }
      }
      assertThat(node.call(ctx, "text", "{}")).isEqualTo(json(expected.toString()));
    }
  }

  private static String json(String text) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
  }
}
