package dev.mero4j.runtime.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass JSON check accepts exactly what a full, strict Jackson parse accepts. */
class JsonGrammarTest {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String[] VALID = {
    "{}",
    "[]",
    " {\"key\":\"k1\",\"value\":\"v\"} ",
    "{\"a\":[1,-2.5e+3,0,-0,1E9,0.25],\"b\":{\"c\":null,\"d\":true,\"e\":false}}",
    "\"\\u00e9\\n\\t\\\\\\/\\\"\\b\\f\\r\"",
    "[[[[{}]]],[],{\"\":[]}]",
    "\t\r\n 17 \n",
    "\"h\u00e9llo\"",
  };

  @Test
  void agreesWithJacksonOnValidDocumentsAndTheirRandomMutations() {
    Random random = new Random(17);
    String alphabet = "{}[]\":,.-+eE0123456789 \t\nabtrufnlsx\\/\u0001";
    int accepted = 0;
    int rejected = 0;
    for (String doc : VALID) {
      assertThat(JsonGrammar.check(bytes(doc), 256)).as(doc).isNull();
      for (int round = 0; round < 20_000; round++) {
        StringBuilder mutated = new StringBuilder(doc);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
          int at = random.nextInt(mutated.length() + 1);
          char c = alphabet.charAt(random.nextInt(alphabet.length()));
          switch (random.nextInt(3)) {
            case 0 -> mutated.insert(at, c);
            case 1 -> {
              if (at < mutated.length()) {
                mutated.deleteCharAt(at);
              }
            }
            default -> {
              if (at < mutated.length()) {
                mutated.setCharAt(at, c);
              }
            }
          }
        }
        String text = mutated.toString();
        boolean jackson = jacksonAccepts(bytes(text));
        assertThat(JsonGrammar.check(bytes(text), 256) == null).as(text).isEqualTo(jackson);
        accepted += jackson ? 1 : 0;
        rejected += jackson ? 0 : 1;
      }
    }
    assertThat(accepted).as("mutations that stay JSON").isGreaterThan(1000);
    assertThat(rejected).as("mutations that break it").isGreaterThan(1000);
  }

  @Test
  void namesWhatIsWrongAndWhere() {
    assertThat(JsonGrammar.check(bytes("  "), 8)).isEqualTo("it is empty");
    assertThat(JsonGrammar.check(bytes("{} x"), 8))
        .isEqualTo("more data follows the first value at byte 3");
    assertThat(JsonGrammar.check(bytes("[1,"), 8)).isEqualTo("it ends inside a value");
    assertThat(JsonGrammar.check(bytes("{\"a\":1"), 8)).isEqualTo("it ends inside an object");
    assertThat(JsonGrammar.check(bytes("[01]"), 8)).isEqualTo("',' or ']' expected at byte 2");
  }

  @Test
  void nestingIsBoundedWithoutRecursion() {
    String ok = "[".repeat(256) + "]".repeat(256);
    assertThat(JsonGrammar.check(bytes(ok), 256)).isNull();
    assertThat(JsonGrammar.check(bytes("[" + ok + "]"), 256))
        .isEqualTo("it nests deeper than 256 levels");
    // A hostile document far deeper than any stack: refused at the bound, in bounded work.
    String deep = "{\"a\":".repeat(1_000_000);
    assertThat(JsonGrammar.check(bytes(deep), 1000)).isEqualTo("it nests deeper than 1000 levels");
    String mixed = "[{\"k\":".repeat(100) + "1" + "}]".repeat(100);
    assertThat(JsonGrammar.check(bytes(mixed), 200)).isNull();
    assertThat(JsonGrammar.check(bytes(mixed), 199)).isNotNull();
  }

  private static boolean jacksonAccepts(byte[] text) {
    try {
      return !STRICT.readTree(text).isMissingNode();
    } catch (JsonProcessingException e) {
      return false;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
