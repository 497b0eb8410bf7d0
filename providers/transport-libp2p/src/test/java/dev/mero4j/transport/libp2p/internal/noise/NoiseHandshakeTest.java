package dev.mero4j.transport.libp2p.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
  private static final KeyPair ALICE = key("alice");
  private static final KeyPair BOB = key("bob");

  private static KeyPair key(String name) {
    return KeyPair.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  @Test
  void xxHandshakeAuthenticatesBothPeersAndYieldsMatchingCiphers() {
    NoiseHandshake i = new NoiseHandshake(true, ALICE, new SecureRandom());
    NoiseHandshake r = new NoiseHandshake(false, BOB, new SecureRandom());
    r.readMessage1(i.writeMessage1());
    i.readMessage2(r.writeMessage2());
    r.readMessage3(i.writeMessage3());
    assertThat(i.remotePeer()).isEqualTo(PeerIds.of(BOB.publicKey()));
    assertThat(r.remotePeer()).isEqualTo(PeerIds.of(ALICE.publicKey()));
    NoiseSession a = i.split();
    NoiseSession b = r.split();
    byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] ct = a.send().encrypt(new byte[0], msg, 0, msg.length);
    assertThat(b.receive().decrypt(new byte[0], ct, 0, ct.length)).isEqualTo(msg);
    byte[] back = b.send().encrypt(new byte[0], msg, 0, msg.length);
    assertThat(a.receive().decrypt(new byte[0], back, 0, back.length)).isEqualTo(msg);
  }

  @Test
  void aTamperedHandshakeMessageFailsAuthentication() {
    NoiseHandshake i = new NoiseHandshake(true, ALICE, new SecureRandom());
    NoiseHandshake r = new NoiseHandshake(false, BOB, new SecureRandom());
    r.readMessage1(i.writeMessage1());
    byte[] m2 = r.writeMessage2();
    m2[40] ^= 1;
    assertThatThrownBy(() -> i.readMessage2(m2)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void aPayloadSignedByAnotherKeyIsRejected() {
    NoiseHandshake i = new NoiseHandshake(true, ALICE, new SecureRandom());
    NoiseHandshake r =
        NoiseHandshake.withForgedSignature(false, BOB, key("mallory"), new SecureRandom());
    r.readMessage1(i.writeMessage1());
    assertThatThrownBy(() -> i.readMessage2(r.writeMessage2()))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void truncatedMessagesAreRejected() {
    NoiseHandshake r = new NoiseHandshake(false, BOB, new SecureRandom());
    assertThatThrownBy(() -> r.readMessage1(new byte[5]))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void transportMessagesAreBoundToTheirNonce() {
    NoiseCipher send = new NoiseCipher(new byte[32]);
    NoiseCipher receive = new NoiseCipher(new byte[32]);
    byte[] first = send.encrypt(new byte[0], new byte[] {1}, 0, 1);
    byte[] second = send.encrypt(new byte[0], new byte[] {2}, 0, 1);
    assertThatThrownBy(() -> receive.decrypt(new byte[0], second, 0, second.length))
        .isInstanceOf(ProtocolViolationException.class);
    assertThat(first).isNotEqualTo(second);
  }
}
