package dev.mero4j.runtime.internal.host;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks that bytes a guest hands over as JSON are one JSON document in UTF-8. */
final class GuestJson {
  /**
   * Deepest nesting accepted in an app's return or error value: the API server splices these values
   * into its responses and refuses deeper documents from clients, so apps get the same bound.
   */
  static final int MAX_NESTING = 256;

  /** Longest parser message quoted in an error. */
  private static final int MAX_REASON_CHARS = 120;

  /**
   * Field names are not canonicalized: the check only skips over them, and interning a hostile
   * output of distinct keys costs 25x more (1 MiB: 50 ms instead of 1.8 ms).
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
          .build();

  private GuestJson() {}

  /** Returns {@code bytes} when they are one JSON value in UTF-8; traps the call otherwise. */
  static byte[] require(byte[] bytes, String what) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new AbiViolationException(what + " is not valid UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() == null) {
        throw new AbiViolationException(what + " is not JSON: it is empty");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new AbiViolationException(what + " is not JSON: more data follows the first value");
      }
      return bytes;
    } catch (JsonProcessingException e) {
      throw new AbiViolationException(what + " is not JSON: " + reason(e));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail", e);
    }
  }

  private static String reason(JsonProcessingException e) {
    String message = e.getOriginalMessage().replaceAll("\\s+", " ");
    return message.length() <= MAX_REASON_CHARS
        ? message
        : message.substring(0, MAX_REASON_CHARS) + "…";
  }
}
