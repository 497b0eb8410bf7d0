package dev.mero4j.transport.libp2p.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.UnsupportedProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultistreamHandlerTest {
  private final ByteBuf toListener = Unpooled.buffer();
  private final ByteBuf toDialer = Unpooled.buffer();

  private MultistreamHandler dialer(String... proposals) {
    return MultistreamHandler.dialer(
        List.of(proposals), toListener::writeBytes, ByteBufAllocator.DEFAULT);
  }

  private MultistreamHandler listener(String... supported) {
    return MultistreamHandler.listener(
        Set.of(supported)::contains, toDialer::writeBytes, ByteBufAllocator.DEFAULT);
  }

  @Test
  void theWireFormatIsVarintLengthAndNewline() {
    ByteBuf b = MultistreamCodec.encode(ByteBufAllocator.DEFAULT, new MultistreamFrame("/noise"));
    byte[] bytes = new byte[b.readableBytes()];
    b.readBytes(bytes);
    assertThat(bytes).isEqualTo("\u0007/noise\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void dialerFallsBackToTheNextProposalAfterNa() {
    MultistreamHandler d = dialer("/meshsub/1.2.0", "/meshsub/1.1.0");
    MultistreamHandler l = listener("/meshsub/1.1.0");
    d.start();
    assertThat(l.onData(toListener)).isNull();
    assertThat(d.onData(toDialer)).isNull();
    assertThat(l.onData(toListener)).isEqualTo("/meshsub/1.1.0");
    assertThat(d.onData(toDialer)).isEqualTo("/meshsub/1.1.0");
  }

  @Test
  void dialerFailsWhenNothingIsSupported() {
    MultistreamHandler d = dialer("/tls/1.0.0");
    MultistreamHandler l = listener("/noise");
    d.start();
    l.onData(toListener);
    assertThatThrownBy(() -> d.onData(toDialer)).isInstanceOf(UnsupportedProtocolException.class);
  }

  @Test
  void aWrongHeaderIsAViolation() {
    MultistreamHandler l = listener("/noise");
    ByteBuf bad =
        MultistreamCodec.encode(
            ByteBufAllocator.DEFAULT, new MultistreamFrame("/multistream/2.0.0"));
    assertThatThrownBy(() -> l.onData(bad)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void oversizedOrUnterminatedLinesAreViolations() {
    ByteBuf huge = Unpooled.buffer();
    huge.writeBytes(new byte[] {(byte) 0x80, 0x40});
    assertThatThrownBy(() -> listener("/noise").onData(huge))
        .isInstanceOf(ProtocolViolationException.class);
    ByteBuf noNewline = Unpooled.wrappedBuffer("\u0003abc".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> listener("/noise").onData(noNewline))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void aListenerStopsAnsweringAfterTooManyProposals() {
    MultistreamHandler l = listener("/noise");
    ByteBuf in =
        MultistreamCodec.encode(
            ByteBufAllocator.DEFAULT, new MultistreamFrame(MultistreamProtocol.ID));
    for (int i = 0; i <= MultistreamProtocol.MAX_PROPOSALS; i++) {
      in.writeBytes(
          MultistreamCodec.encode(ByteBufAllocator.DEFAULT, new MultistreamFrame("/x/" + i)));
    }
    assertThatThrownBy(() -> l.onData(in)).isInstanceOf(ProtocolViolationException.class);
  }
}
