package dev.mero4j.runtime.internal;

import dev.mero4j.runtime.api.InvalidArgumentsException;
import dev.mero4j.runtime.internal.host.JsonGrammar;
import java.nio.charset.StandardCharsets;

/** The check every call's JSON arguments pass before an app sees them. */
public final class ArgsJson {
  /** Deepest nesting accepted in arguments (the bound Jackson's parser applied before). */
  static final int MAX_NESTING = 1000;

  private ArgsJson() {}

  /**
   * Validates JSON arguments (empty means {@code {}}) against the size cap and the grammar: one
   * JSON value, nothing after it.
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
    // The grammar is checked in one pass over the bytes: no tree, no parser for values only
    // passed on.
    String reason = JsonGrammar.check(bytes, MAX_NESTING);
    if (reason != null) {
      throw new InvalidArgumentsException("arguments are not valid JSON: " + reason);
    }
    return bytes;
  }
}
