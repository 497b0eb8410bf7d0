package dev.mero4j.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** docs/openapi.yaml loaded for tests, with a small validator for the schema subset it uses. */
public final class OpenApiSpec {
  private static final Set<String> METHODS =
      Set.of("get", "head", "post", "put", "delete", "patch");

  private final JsonNode root;

  private OpenApiSpec(JsonNode root) {
    this.root = root;
  }

  public static OpenApiSpec load() throws IOException {
    Path file = Path.of("../../docs/openapi.yaml");
    return new OpenApiSpec(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
  }

  /** Every documented operation as "METHOD path". */
  public Set<String> operations() {
    Set<String> ops = new TreeSet<>();
    root.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (METHODS.contains(method)) {
                            ops.add(method.toUpperCase() + " " + path.getKey());
                          }
                        }));
    return ops;
  }

  /** The JSON schema of a response, or null when the spec documents none. */
  public JsonNode responseSchema(String method, String path, int status) {
    JsonNode response =
        root.path("paths")
            .path(path)
            .path(method.toLowerCase())
            .path("responses")
            .path(Integer.toString(status));
    if (response.isMissingNode()) {
      throw new AssertionError("spec has no " + status + " response for " + method + " " + path);
    }
    response = resolve(response);
    JsonNode schema = response.path("content").path("application/json").path("schema");
    return schema.isMissingNode() ? null : schema;
  }

  /** Problems found validating {@code value} against {@code schema}; empty when it conforms. */
  public List<String> validate(JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "$", problems);
    return problems;
  }

  private void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
    schema = resolve(schema);
    if (value == null || value.isMissingNode()) {
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
        problems.add(at + " is null but not nullable");
      }
      return;
    }
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        if (validate(value, option).isEmpty()) {
          return;
        }
      }
      problems.add(at + " matches none of oneOf");
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(value, schema, at, problems);
      case "array" -> {
        if (!value.isArray()) {
          problems.add(at + " is not an array");
        } else {
          for (int i = 0; i < value.size(); i++) {
            check(value.get(i), schema.path("items"), at + "[" + i + "]", problems);
          }
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(at + " is not a string");
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(at + " is not an integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(at + " is not a number");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(at + " is not a boolean");
        }
      }
      default -> {}
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode option : schema.get("enum")) {
        found |= option.asText().equals(value.asText());
      }
      if (!found) {
        problems.add(at + " = " + value + " is not in " + schema.get("enum"));
      }
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String at, List<String> problems) {
    if (!value.isObject()) {
      problems.add(at + " is not an object");
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        problems.add(at + " lacks required '" + required.asText() + "'");
      }
    }
    JsonNode properties = schema.path("properties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (properties.has(field.getKey())) {
        check(
            field.getValue(), properties.get(field.getKey()), at + "." + field.getKey(), problems);
      } else if (schema.path("additionalProperties").isBoolean()
          && !schema.get("additionalProperties").asBoolean()) {
        problems.add(at + " has undocumented '" + field.getKey() + "'");
      } else if (!properties.isMissingNode()
          && !schema.path("additionalProperties").asBoolean(false)) {
        problems.add(at + " has undocumented '" + field.getKey() + "'");
      }
    }
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      node = root.at(ref.substring(1));
    }
    return node;
  }
}
