package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Base58Test {
  @Test
  void knownVectors() {
    assertThat(Base58.encode("Hello World!".getBytes())).isEqualTo("2NEpo7TZRRrLZSi2U");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.decode("2NEpo7TZRRrLZSi2U")).isEqualTo("Hello World!".getBytes());
    assertThat(Base58.encode(new byte[0])).isEmpty();
  }

  @Property
  void roundTripsUpToTheTextLimit(@ForAll @Size(max = 128) byte[] bytes) {
    if (bytes.length > 0) {
      assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void invalidTextIsATypedError() {
    assertThatThrownBy(() -> Base58.decode("0OIl"))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> Base58.decode("")).isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> Base58.decode("1".repeat(10_000)))
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> ContextId.fromBase58("2NEpo7TZRRrLZSi2U"))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("32 bytes");
  }
}
