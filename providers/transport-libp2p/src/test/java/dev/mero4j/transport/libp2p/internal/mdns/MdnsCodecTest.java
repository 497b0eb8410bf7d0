package dev.mero4j.transport.libp2p.internal.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hex;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdnsCodecTest {
  @Test
  void aQueryIsAPtrQuestionForTheLibp2pService() {
    byte[] q = MdnsCodec.encode(new MdnsFrame(false, List.of(MdnsProtocol.SERVICE), List.of()));
    assertThat(Hex.encode(q))
        .isEqualTo("000000000001000000000000" + "045f703270045f756470056c6f63616c00" + "000c0001");
  }

  @Test
  void responsesRoundTrip() {
    MdnsFrame f =
        new MdnsFrame(
            true,
            List.of(),
            List.of(
                new MdnsFrame.ResourceRecord(
                    MdnsProtocol.SERVICE,
                    MdnsProtocol.TYPE_PTR,
                    "abc." + MdnsProtocol.SERVICE,
                    List.of()),
                new MdnsFrame.ResourceRecord(
                    "abc." + MdnsProtocol.SERVICE,
                    MdnsProtocol.TYPE_TXT,
                    null,
                    List.of("dnsaddr=/ip4/1.2.3.4/tcp/1"))));
    assertThat(MdnsCodec.decode(MdnsCodec.encode(f))).isEqualTo(f);
  }

  @Test
  void compressedNamesAreFollowed() {
    // header: response, 1 answer; answer name = pointer to offset 12 is invalid, so build by hand:
    // question-less response whose PTR target points back to the owner name at offset 12.
    String owner = "045f703270045f756470056c6f63616c00";
    String rdata = "03616263" + "c00c";
    String packet = "000084000000000100000000" + owner + "000c0001" + "00000078" + "0006" + rdata;
    MdnsFrame f = MdnsCodec.decode(Hex.decode(packet));
    assertThat(f.records().get(0).target()).isEqualTo("abc." + MdnsProtocol.SERVICE);
  }

  @Test
  void compressionLoopsAndTruncationAreRejected() {
    String loop = "000084000000000100000000" + "c00c" + "000c0001000000780000";
    assertThatThrownBy(() -> MdnsCodec.decode(Hex.decode(loop)))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> MdnsCodec.decode(Hex.decode("0000840000000001000000000a")))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> MdnsCodec.decode(new byte[3]))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
