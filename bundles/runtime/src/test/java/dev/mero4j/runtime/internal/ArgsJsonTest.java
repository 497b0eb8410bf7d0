package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.runtime.api.InvalidArgumentsException;
import org.junit.jupiter.api.Test;

class ArgsJsonTest {
  @Test
  void dataAfterTheArgumentsValueIsRefused() {
    // Before the one-pass check, only the first value was parsed: the rest reached the app.
    assertThatThrownBy(() -> ArgsJson.validate("{\"key\":\"k\"} {\"key\":\"other\"}", 1024))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("more data follows the first value");
    assertThatThrownBy(() -> ArgsJson.validate("{} garbage", 1024))
        .isInstanceOf(InvalidArgumentsException.class);
  }

  @Test
  void validArgumentsPassAsUtf8AndBlankMeansAnEmptyObject() {
    assertThat(
            new String(
                ArgsJson.validate(" {\"key\":\"é\"} ", 1024),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(" {\"key\":\"é\"} ");
    assertThat(ArgsJson.validate("  ", 1024)).isEqualTo("{}".getBytes());
    assertThatThrownBy(() -> ArgsJson.validate("{\"a\":", 1024))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ArgsJson.validate("[".repeat(1001) + "]".repeat(1001), 1 << 20))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("deeper than 1000");
  }
}
