package dev.mero4j.primitives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BinaryCodecTest {
  @Property
  void valuesRoundTrip(
      @ForAll long unsigned,
      @ForAll long signed,
      @ForAll int fixed,
      @ForAll byte[] bytes,
      @ForAll String text) {
    byte[] encoded =
        new BinaryWriter()
            .version(1)
            .varint(unsigned)
            .svarint(signed)
            .fixed32(fixed)
            .fixed64(signed)
            .bytes(bytes)
            .string(text)
            .bool(true)
            .toByteArray();
    BinaryReader reader = new BinaryReader(encoded);
    assertThat(reader.version("test", 1)).isEqualTo(1);
    assertThat(reader.varint()).isEqualTo(unsigned);
    assertThat(reader.svarint()).isEqualTo(signed);
    assertThat(reader.fixed32()).isEqualTo(fixed);
    assertThat(reader.fixed64()).isEqualTo(signed);
    assertThat(reader.bytes(Integer.MAX_VALUE)).isEqualTo(bytes);
    assertThat(reader.string(Integer.MAX_VALUE)).isEqualTo(text);
    assertThat(reader.bool()).isTrue();
    reader.expectEnd();
  }

  @Property
  void truncationIsAlwaysATypedError(@ForAll byte[] bytes, @ForAll String text) {
    byte[] encoded = new BinaryWriter().bytes(bytes).string(text).toByteArray();
    for (int cut = 0; cut < encoded.length; cut++) {
      BinaryReader reader = new BinaryReader(encoded, 0, cut);
      assertThatThrownBy(
              () -> {
                reader.bytes(Integer.MAX_VALUE);
                reader.string(Integer.MAX_VALUE);
              })
          .isInstanceOf(MalformedEncodingException.class);
    }
  }

  @Test
  void varintGoldenBytes() {
    assertThat(new BinaryWriter().varint(300).toByteArray()).containsExactly(0xac, 0x02);
    assertThat(new BinaryWriter().svarint(-1).toByteArray()).containsExactly(0x01);
    assertThat(new BinaryWriter().varint(-1L).toByteArray()).hasSize(10);
  }

  @Test
  void malformedInputsAreRejected() {
    assertThatThrownBy(() -> new BinaryReader(new byte[] {2}).version("delta", 1))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("delta encoding version 2");
    byte[] elevenBytes = new byte[11];
    java.util.Arrays.fill(elevenBytes, (byte) 0x80);
    assertThatThrownBy(() -> new BinaryReader(elevenBytes).varint())
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> new BinaryReader(new byte[] {5, 1}).bytes(4))
        .hasMessageContaining("exceeds the limit 4");
    assertThatThrownBy(() -> new BinaryReader(new byte[] {2}).bool())
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> new BinaryReader(new byte[] {2, (byte) 0xc3, 0x28}).string(10))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> new BinaryReader(new byte[] {1, 2}).expectEnd())
        .hasMessageContaining("trailing");
  }

  @Test
  void idsCompareUnsignedAndHaveValueEquality() {
    byte[] high = new byte[32];
    high[0] = (byte) 0x80;
    assertThat(Hash.of(high)).isGreaterThan(Hash.ZERO);
    assertThat(Hash.of(new byte[32])).isEqualTo(Hash.ZERO).hasSameHashCodeAs(Hash.ZERO);
    assertThat(ContextId.of(new byte[32])).isNotEqualTo(Hash.ZERO);
    assertThat(Hash.sha256("abc".getBytes()).toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
