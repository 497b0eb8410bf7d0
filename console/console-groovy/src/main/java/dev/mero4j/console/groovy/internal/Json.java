package dev.mero4j.console.groovy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.primitives.Bytes32;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts between script values (Groovy maps, lists, GStrings, ids, records) and JSON text. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  /** Compact JSON of a script value. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new ConsoleException(
          "cannot turn "
              + value.getClass().getSimpleName()
              + " into JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Indented JSON of a script value. */
  public static String pretty(Object value) {
    try {
      return PRETTY.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new ConsoleException(
          "cannot turn "
              + value.getClass().getSimpleName()
              + " into JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Parses JSON text into maps, lists, strings, numbers and booleans; {@code null} stays null. */
  public static Object read(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new ConsoleException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** True when {@code text} is a JSON object or array. */
  public static boolean isStructured(String text) {
    String t = text.strip();
    if (!((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]")))) {
      return false;
    }
    try {
      MAPPER.readTree(t);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** The value as plain JSON-ready Java: strings, numbers, booleans, maps and lists. */
  public static Object plain(Object value) {
    if (value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    if (value instanceof CharSequence || value instanceof Enum<?>) {
      return value.toString();
    }
    if (value instanceof Bytes32 id) {
      return id.toBase58();
    }
    if (value instanceof Optional<?> optional) {
      return plain(optional.orElse(null));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>();
      items.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Object[] items) {
      return plain(List.of(items));
    }
    if (value.getClass().isRecord()) {
      return plain(recordToMap(value));
    }
    return value.toString();
  }

  /** A record's components by name, in declaration order. */
  public static Map<String, Object> recordToMap(Object record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        out.put(component.getName(), component.getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new ConsoleException(
            "cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
      }
    }
    return out;
  }
}
