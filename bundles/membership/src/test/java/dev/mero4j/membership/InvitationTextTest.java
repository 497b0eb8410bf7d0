package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.membership.internal.LongBase58;
import dev.mero4j.primitives.BinaryWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvitationTextTest {
  private static final String PEER = "12D3KooWGRUVh7nG6aJqLvkd9M2kV3nrJt4pB5C7cHZ2xJx8wBcM";
  private final Group group = new Group();

  private IssuedInvitation issued() {
    return group.adminView.invite(Role.MEMBER, Duration.ofHours(1), Optional.empty());
  }

  private static byte[] rendezvous() {
    byte[] secret = new byte[JoinHints.RENDEZVOUS_BYTES];
    Arrays.fill(secret, (byte) 7);
    return secret;
  }

  @Test
  void theWayInRoundTripsWithDirectAndRelayedAddresses() {
    JoinHints hints =
        new JoinHints(
            PEER,
            List.of(
                "/ip4/192.168.1.20/tcp/2428/p2p/" + PEER,
                "/ip4/203.0.113.9/tcp/4001/p2p/12D3KooWRelay/p2p-circuit/p2p/" + PEER),
            2_345_678,
            rendezvous());
    IssuedInvitation parsed = IssuedInvitation.parse(issued().withHints(hints).toText());
    JoinHints back = parsed.hints().orElseThrow();
    assertThat(back.peer()).isEqualTo(PEER);
    assertThat(back.addresses()).isEqualTo(hints.addresses());
    assertThat(back.applicationSize()).isEqualTo(2_345_678);
    assertThat(back.rendezvousSecret()).isEqualTo(rendezvous());
    assertThat(parsed.invitation().application()).isEqualTo(Fixtures.APP);
  }

  @Test
  void aNodeWithoutTransportStillIssuesAText() {
    JoinHints none = new JoinHints("", List.of(), 10, rendezvous());
    assertThat(IssuedInvitation.parse(issued().withHints(none).toText()).hints()).contains(none);
  }

  @Test
  void aTextNeedsItsHints() {
    assertThatThrownBy(() -> issued().toText())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("join hints");
  }

  @Test
  void tooManyAddressesAreRefusedWithTheLimitNamed() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= JoinHints.MAX_ADDRESSES; i++) {
      many.add("/ip4/10.0.0." + i + "/tcp/1");
    }
    assertThatThrownBy(() -> new JoinHints(PEER, many, 1, rendezvous()))
        .hasMessageContaining("limit of " + JoinHints.MAX_ADDRESSES);
    assertThat(JoinHints.bounded(many)).hasSize(JoinHints.MAX_ADDRESSES);
    String text = LongBase58.encode(raw(PEER, many, 1));
    assertThatThrownBy(() -> IssuedInvitation.parse(text))
        .isInstanceOf(MalformedMembershipDataException.class)
        .hasMessageContaining("at most " + JoinHints.MAX_ADDRESSES);
  }

  @Test
  void anOverlongAddressIsRefused() {
    String longAddress = "/dns4/" + "a".repeat(JoinHints.MAX_ADDRESS_BYTES) + "/tcp/1";
    assertThat(JoinHints.bounded(List.of(longAddress, "/ip4/1.2.3.4/tcp/5")))
        .containsExactly("/ip4/1.2.3.4/tcp/5");
    String text = LongBase58.encode(raw(PEER, List.of(longAddress), 1));
    assertThatThrownBy(() -> IssuedInvitation.parse(text))
        .isInstanceOf(MalformedMembershipDataException.class)
        .hasMessageContaining("malformed invitation text");
  }

  @Test
  void malformedTextsAreRefusedClearly() {
    String good = issued().withHints(Fixtures.HINTS).toText();
    assertThatThrownBy(() -> IssuedInvitation.parse(good.substring(0, good.length() - 10)))
        .isInstanceOf(MalformedMembershipDataException.class);
    assertThatThrownBy(() -> IssuedInvitation.parse("not-base58-0OIl"))
        .isInstanceOf(MalformedMembershipDataException.class);
    assertThatThrownBy(
            () -> IssuedInvitation.parse("2".repeat(IssuedInvitation.MAX_TEXT_CHARS + 1)))
        .hasMessageContaining("exceeds " + IssuedInvitation.MAX_TEXT_CHARS);
    String notAMultiaddr = LongBase58.encode(raw(PEER, List.of("ip4/1.2.3.4"), 1));
    assertThatThrownBy(() -> IssuedInvitation.parse(notAMultiaddr))
        .hasMessageContaining("not a multiaddr");
  }

  @Test
  void aVersionOneTextIsRefusedWithAHint() {
    byte[] v1 =
        new BinaryWriter()
            .version(1)
            .bytes(issued().invitation().encode())
            .bytes(new byte[16])
            .toByteArray();
    assertThatThrownBy(() -> IssuedInvitation.parse(LongBase58.encode(v1)))
        .hasMessageContaining("ask for a new invitation");
  }

  /** A version-3 text written field by field, bypassing the issuer's checks. */
  private byte[] raw(String peer, List<String> addresses, long size) {
    BinaryWriter out =
        new BinaryWriter()
            .version(3)
            .bytes(issued().invitation().encode())
            .bytes(new byte[16])
            .string(peer)
            .varint(addresses.size());
    addresses.forEach(out::string);
    return out.varint(size).raw(rendezvous()).toByteArray();
  }
}
