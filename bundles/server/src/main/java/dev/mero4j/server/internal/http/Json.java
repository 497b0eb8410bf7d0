package dev.mero4j.server.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/** The server's JSON mapper, hardened against hostile input, and small tree helpers. */
public final class Json {
  /** Deepest nesting accepted; deeper documents are parse errors, not stack overflows. */
  public static final int MAX_NESTING = 256;

  private static final ObjectMapper MAPPER = create(true);

  /**
   * For app output, which may hold many distinct keys: canonicalizing field names would make
   * parsing 1 MiB of them take 28 ms instead of 4 ms.
   */
  private static final ObjectMapper APP_VALUES = create(false);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create(boolean canonicalizeFieldNames) {
    JsonFactory factory =
        JsonFactory.builder()
            .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, canonicalizeFieldNames)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  /** Parses a request body; any syntax error becomes a ParseError. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(ErrorKind.PARSE_ERROR, "empty body; expected a JSON document");
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ApiException(ErrorKind.PARSE_ERROR, "malformed JSON: " + shortMessage(e));
    }
  }

  /**
   * Parses a value an application produced (its output or error value), under the same limits as a
   * request body; empty when it is not one JSON document.
   */
  public static Optional<JsonNode> parseAppValue(String json) {
    try {
      return Optional.of(APP_VALUES.readTree(json));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Parses a body that must be a JSON object, rejecting fields not in {@code allowed}. */
  public static ObjectNode parseObject(byte[] body, java.util.Set<String> allowed) {
    JsonNode node = parse(body);
    if (!node.isObject()) {
      throw new ApiException(ErrorKind.INVALID_PARAMS, "expected a JSON object");
    }
    requireKnownFields((ObjectNode) node, allowed);
    return (ObjectNode) node;
  }

  public static void requireKnownFields(ObjectNode node, java.util.Set<String> allowed) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw ApiException.invalidParams(name, "unknown field '" + truncate(name) + "'");
              }
            });
  }

  /** A required string field. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.invalidParams(field, "missing field '" + field + "'");
    }
    if (!value.isTextual()) {
      throw ApiException.invalidParams(field, "field '" + field + "' must be a string");
    }
    return value.textValue();
  }

  public static String truncate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  private static String shortMessage(IOException e) {
    String message =
        e instanceof com.fasterxml.jackson.core.JacksonException je
            ? je.getOriginalMessage()
            : e.getMessage();
    return message == null ? "unreadable" : truncate(message.replaceAll("\\s+", " "));
  }
}
