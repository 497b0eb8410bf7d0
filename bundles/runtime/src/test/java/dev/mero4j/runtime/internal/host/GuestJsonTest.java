package dev.mero4j.runtime.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place UTF-8 check of guest JSON accepts exactly what the JDK's strict decoder accepts. */
class GuestJsonTest {
  @Test
  void utf8CheckAgreesWithTheJdkDecoderOnEdgeCasesAndRandomBytes() {
    byte[][] edges = {
      {},
      {'a'},
      {(byte) 0xC2, (byte) 0x80},
      {(byte) 0xC1, (byte) 0xBF},
      {(byte) 0xE0, (byte) 0x9F, (byte) 0x80},
      {(byte) 0xE0, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xED, (byte) 0x9F, (byte) 0xBF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF0, (byte) 0x8F, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF0, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0x80},
      "\"héllo → 😀\"".getBytes(StandardCharsets.UTF_8)
    };
    for (byte[] edge : edges) {
      assertThat(GuestJson.isUtf8(edge)).as(java.util.Arrays.toString(edge)).isEqualTo(jdk(edge));
    }
    Random random = new Random(17);
    int valid = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt());
      }
      boolean expected = jdk(bytes);
      valid += expected ? 1 : 0;
      assertThat(GuestJson.isUtf8(bytes)).as(java.util.Arrays.toString(bytes)).isEqualTo(expected);
    }
    assertThat(valid)
        .as("the random inputs include well-formed multi-byte text")
        .isGreaterThan(1000);
  }

  @Test
  void malformedUtf8InAReturnValueTraps() {
    assertThatThrownBy(
            () ->
                GuestJson.require(
                    new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, "x"))
        .isInstanceOf(AbiViolationException.class)
        .hasMessageContaining("not valid UTF-8");
    assertThat(GuestJson.require("\"ok\"".getBytes(StandardCharsets.UTF_8), "x")).isNotEmpty();
  }

  private static boolean jdk(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
