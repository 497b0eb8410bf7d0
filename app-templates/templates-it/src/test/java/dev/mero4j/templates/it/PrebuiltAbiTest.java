package dev.mero4j.templates.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each committed prebuilt module honours the host ABI v1 module contract (docs/abi.md). */
class PrebuiltAbiTest {
  /** Every host function of ABI v1, module {@code env}. */
  static final Set<String> ABI_V1_IMPORTS =
      Set.of(
          "mero_register_len",
          "mero_read_register",
          "mero_input",
          "mero_return",
          "mero_error",
          "mero_panic",
          "mero_log",
          "mero_emit",
          "mero_context_id",
          "mero_executor_id",
          "mero_time_now",
          "mero_random_bytes",
          "mero_ed25519_verify",
          "mero_root",
          "mero_map_get",
          "mero_map_insert",
          "mero_map_remove",
          "mero_map_contains",
          "mero_map_len",
          "mero_map_entries",
          "mero_map_range",
          "mero_map_child",
          "mero_set_insert",
          "mero_set_contains",
          "mero_set_remove",
          "mero_set_values",
          "mero_vector_len",
          "mero_vector_get",
          "mero_vector_insert",
          "mero_vector_set",
          "mero_vector_remove",
          "mero_vector_child",
          "mero_counter_add",
          "mero_counter_value",
          "mero_register_set",
          "mero_register_get",
          "mero_text_insert",
          "mero_text_delete",
          "mero_text_len",
          "mero_text_read");

  /** What each template must offer: method name to read-only flag, and event kinds. */
  record Expected(String template, Map<String, Boolean> methods, List<String> events) {}

  static Stream<Arguments> templates() {
    return Stream.of(
            new Expected(
                "kv-store",
                ordered("set", false, "get", true, "remove", false, "entries", true, "len", true),
                List.of("Inserted", "Updated", "Removed")),
            new Expected(
                "collab-editor",
                ordered("insert", false, "delete", false, "text", true, "len", true),
                List.of("Inserted", "Deleted")),
            new Expected(
                "counter",
                ordered(
                    "init",
                    false,
                    "increment",
                    false,
                    "decrement",
                    false,
                    "add",
                    false,
                    "value",
                    true),
                List.of("Changed")),
            new Expected(
                "event-handlers",
                ordered("add_item", false, "on_item_added", false, "items", true, "received", true),
                List.of("ItemAdded")))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("templates")
  void abiSectionListsTheMethodsAndEvents(Expected expected) throws IOException {
    WasmModule module = load(expected.template());
    assertThat(module.customSections()).containsKey("mero4j.abi");
    JsonNode abi = new ObjectMapper().readTree(module.customSections().get("mero4j.abi"));

    assertThat(abi.path("abi").asInt()).isEqualTo(1);
    assertThat(abi.path("name").asText()).isEqualTo(expected.template());
    assertThat(abi.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    Map<String, Boolean> methods = new LinkedHashMap<>();
    abi.path("methods")
        .forEach(m -> methods.put(m.path("name").asText(), m.path("readOnly").asBoolean()));
    assertThat(methods).containsAllEntriesOf(expected.methods());
    List<String> events = new java.util.ArrayList<>();
    abi.path("events").forEach(e -> events.add(e.asText()));
    assertThat(events).containsAll(expected.events());
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyMethodIsAnExportWithoutParametersOrResults(Expected expected) throws IOException {
    WasmModule module = load(expected.template());
    JsonNode abi = new ObjectMapper().readTree(module.customSections().get("mero4j.abi"));
    assertThat(module.exports()).containsKey("memory");
    assertThat(module.exports().get("memory").kind()).isEqualTo(2);
    for (JsonNode method : abi.path("methods")) {
      String name = method.path("name").asText();
      WasmModule.Export export = module.exports().get(name);
      assertThat(export).as("export of method %s", name).isNotNull();
      assertThat(export.kind()).isEqualTo(WasmModule.KIND_FUNCTION);
      WasmModule.FuncType type = module.functionType(export.index());
      assertThat(type.params()).as("parameters of %s", name).isEmpty();
      assertThat(type.results()).as("results of %s", name).isEmpty();
      assertThat(name).doesNotStartWith("__mero");
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void importsOnlyAbiV1HostFunctions(Expected expected) throws IOException {
    WasmModule module = load(expected.template());
    assertThat(module.imports()).isNotEmpty();
    for (WasmModule.Import imported : module.imports()) {
      assertThat(imported.module()).as("module of import %s", imported.name()).isEqualTo("env");
      assertThat(imported.kind())
          .as("kind of import %s", imported.name())
          .isEqualTo(WasmModule.KIND_FUNCTION);
      assertThat(ABI_V1_IMPORTS).as("ABI v1 host functions").contains(imported.name());
    }
  }

  private static WasmModule load(String template) throws IOException {
    return WasmModule.parse(Files.readAllBytes(Toolchain.prebuilt(template)));
  }

  private static Map<String, Boolean> ordered(Object... pairs) {
    Map<String, Boolean> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Boolean) pairs[i + 1]);
    }
    return map;
  }
}
