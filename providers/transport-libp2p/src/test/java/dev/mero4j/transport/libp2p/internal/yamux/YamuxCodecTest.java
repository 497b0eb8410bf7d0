package dev.mero4j.transport.libp2p.internal.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hex;
import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class YamuxCodecTest {
  @Test
  void headerIsTwelveBigEndianBytes() {
    ByteBuf h =
        YamuxCodec.header(
            ByteBufAllocator.DEFAULT,
            YamuxProtocol.TYPE_WINDOW_UPDATE,
            YamuxProtocol.FLAG_SYN,
            3,
            0x40000);
    assertThat(ByteBufUtil.hexDump(h)).isEqualTo("000100010000000300040000");
    h.release();
  }

  @Test
  void dataFramesDecodeOnlyWhenComplete() {
    ByteBuf in = Unpooled.wrappedBuffer(Hex.decode("000000040000000500000003616263"));
    YamuxFrame f = YamuxCodec.decode(in, 1024);
    assertThat(f.type()).isEqualTo(YamuxProtocol.TYPE_DATA);
    assertThat(f.has(YamuxProtocol.FLAG_FIN)).isTrue();
    assertThat(f.streamId()).isEqualTo(5);
    assertThat(f.data().toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
    f.data().release();
    ByteBuf partial = Unpooled.wrappedBuffer(Hex.decode("0000000000000005000000036162"));
    assertThat(YamuxCodec.decode(partial, 1024)).isNull();
    assertThat(partial.readerIndex()).isZero();
  }

  @Test
  void badVersionTypeOrOversizedDataAreViolations() {
    assertThatThrownBy(
            () ->
                YamuxCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("010000000000000100000000")), 10))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(
            () ->
                YamuxCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("000700000000000100000000")), 10))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(
            () ->
                YamuxCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("000000000000000100000100")), 10))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
