package dev.mero4j.runtime.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.runtime.api.InvalidArgumentsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The check every call's JSON arguments pass before an app sees them. */
public final class ArgsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgsJson() {}

  /**
   * Validates JSON arguments (empty means {@code {}}) against the size cap and the grammar.
   *
   * @return the arguments as UTF-8
   */
  public static byte[] validate(String text, int maxBytes) {
    String args = text == null || text.isBlank() ? "{}" : text;
    byte[] bytes = args.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new InvalidArgumentsException(
          String.format("arguments of %d bytes exceed the %d-byte limit", bytes.length, maxBytes));
    }
    // The grammar is checked token by token: no tree is built for arguments only passed on.
    try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
      if (parser.nextToken() != null) {
        parser.skipChildren();
      }
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentsException(
          "arguments are not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidArgumentsException("arguments are not readable: " + e.getMessage(), e);
    }
    return bytes;
  }
}
