package dev.mero4j.transport.libp2p.internal.autonat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hex;
import dev.mero4j.transport.api.ProtocolViolationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoNatMessageTest {
  @Test
  void aDialRequestHasTheSpecsLayout() {
    byte[] bytes = AutoNatMessage.dial(new byte[] {1, 2}, List.of(new byte[] {3})).encode();
    // type = DIAL (0), dial { peer { id = 0102, addrs = 03 } }
    assertThat(Hex.encode(bytes)).isEqualTo("080012090a070a020102120103");
    AutoNatMessage back = AutoNatMessage.decode(bytes);
    assertThat(back.type()).isEqualTo(AutoNatMessage.DIAL);
    assertThat(back.dial().peerId()).containsExactly(1, 2);
    assertThat(back.dial().addrs())
        .singleElement()
        .satisfies(a -> assertThat(a).containsExactly(3));
  }

  @Test
  void aResponseRoundTripsAndLongTextsAreCut() {
    AutoNatMessage m =
        AutoNatMessage.decode(
            AutoNatMessage.response(AutoNatMessage.E_DIAL_ERROR, "x".repeat(1000), null).encode());
    assertThat(m.response().status()).isEqualTo(AutoNatMessage.E_DIAL_ERROR);
    assertThat(m.response().text()).hasSize(AutoNatMessage.MAX_STATUS_TEXT);
  }

  @Test
  void unknownTypesAndTruncatedFieldsAreViolations() {
    assertThatThrownBy(() -> AutoNatMessage.decode(new byte[] {0x08, 0x07}))
        .isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> AutoNatMessage.decode(new byte[] {0x08, 0x00, 0x12, 0x09, 0x01}))
        .isInstanceOf(ProtocolViolationException.class);
  }
}
