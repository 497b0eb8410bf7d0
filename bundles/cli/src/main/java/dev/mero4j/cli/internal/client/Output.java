package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints results as text for people or as JSON for scripts. */
final class Output {
  private final PrintWriter out;
  private final boolean json;

  Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** In JSON mode prints {@code value}; otherwise prints {@code text}. */
  void print(JsonNode value, String text) {
    out.println(json ? value.toString() : text);
    out.flush();
  }

  static String pretty(JsonNode value) {
    try {
      return NodeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return value.toString();
    }
  }
}
