package dev.mero4j.transport.libp2p.internal.noise;

import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import dev.mero4j.primitives.X25519;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise XX handshake with the libp2p identity payload, as a pure state machine over byte arrays
 * (no I/O).
 *
 * <pre>
 *   XX:  → e
 *        ← e, ee, s, es   + responder payload
 *        → s, se          + initiator payload
 * </pre>
 */
public final class NoiseHandshake {
  private final boolean initiator;
  private final KeyPair identity;
  private final KeyPair signer;
  private final SecureRandom random;
  private final Keys s;
  private Keys e;
  private byte[] re;
  private byte[] rs;
  private byte[] h;
  private byte[] ck;
  private NoiseCipher k;
  private PeerId remotePeer;

  public NoiseHandshake(boolean initiator, KeyPair identity, SecureRandom random) {
    this(initiator, identity, identity, random);
  }

  private NoiseHandshake(boolean initiator, KeyPair identity, KeyPair signer, SecureRandom random) {
    this.initiator = initiator;
    this.identity = identity;
    this.signer = signer;
    this.random = random;
    this.s = Keys.generate(random);
    this.h = NoiseProtocol.NAME.clone();
    this.ck = h.clone();
    mixHash(new byte[0]);
  }

  /**
   * A misbehaving handshake that claims {@code identity} but signs with {@code signer}; for tests.
   */
  static NoiseHandshake withForgedSignature(
      boolean initiator, KeyPair identity, KeyPair signer, SecureRandom random) {
    return new NoiseHandshake(initiator, identity, signer, random);
  }

  public boolean initiator() {
    return initiator;
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  /** Message 1 (initiator): e. */
  public byte[] writeMessage1() {
    e = Keys.generate(random);
    mixHash(e.publicKey());
    byte[] payload = encryptAndHash(new byte[0]);
    return concat(e.publicKey(), payload);
  }

  public void readMessage1(byte[] msg) {
    if (msg.length < 32) {
      throw new ProtocolViolationException("noise message 1 too short");
    }
    re = Arrays.copyOf(msg, 32);
    mixHash(re);
    decryptAndHash(Arrays.copyOfRange(msg, 32, msg.length));
  }

  /** Message 2 (responder): e, ee, s, es, payload. */
  public byte[] writeMessage2() {
    e = Keys.generate(random);
    mixHash(e.publicKey());
    mixKey(dh(e.privateKey(), re));
    byte[] encS = encryptAndHash(s.publicKey());
    mixKey(dh(s.privateKey(), re));
    byte[] payload = encryptAndHash(NoiseCodec.encode(localPayload()));
    return concat(e.publicKey(), concat(encS, payload));
  }

  public void readMessage2(byte[] msg) {
    if (msg.length < 32 + 48) {
      throw new ProtocolViolationException("noise message 2 too short");
    }
    re = Arrays.copyOf(msg, 32);
    mixHash(re);
    mixKey(dh(e.privateKey(), re));
    rs = decryptAndHash(Arrays.copyOfRange(msg, 32, 80));
    mixKey(dh(e.privateKey(), rs));
    verify(NoiseCodec.decode(decryptAndHash(Arrays.copyOfRange(msg, 80, msg.length))));
  }

  /** Message 3 (initiator): s, se, payload. */
  public byte[] writeMessage3() {
    byte[] encS = encryptAndHash(s.publicKey());
    mixKey(dh(s.privateKey(), re));
    byte[] payload = encryptAndHash(NoiseCodec.encode(localPayload()));
    return concat(encS, payload);
  }

  public void readMessage3(byte[] msg) {
    if (msg.length < 48) {
      throw new ProtocolViolationException("noise message 3 too short");
    }
    rs = decryptAndHash(Arrays.copyOf(msg, 48));
    mixKey(dh(e.privateKey(), rs));
    verify(NoiseCodec.decode(decryptAndHash(Arrays.copyOfRange(msg, 48, msg.length))));
  }

  /** Splits into (send, receive) transport ciphers for this side. */
  public NoiseSession split() {
    byte[][] keys = hkdf(ck, new byte[0]);
    NoiseCipher c1 = new NoiseCipher(keys[0]);
    NoiseCipher c2 = new NoiseCipher(keys[1]);
    return initiator ? new NoiseSession(c1, c2) : new NoiseSession(c2, c1);
  }

  private NoiseFrame localPayload() {
    byte[] toSign = concat(NoiseProtocol.SIGNATURE_PREFIX, s.publicKey());
    return new NoiseFrame(
        PeerIds.encodePublicKey(identity.publicKey()), signer.sign(toSign).toBytes());
  }

  private void verify(NoiseFrame payload) {
    PublicKey key = PeerIds.decodePublicKey(payload.identityKey());
    byte[] signature = payload.identitySig();
    if (signature == null
        || signature.length != Signature.LENGTH
        || !key.verify(concat(NoiseProtocol.SIGNATURE_PREFIX, rs), Signature.of(signature))) {
      throw new ProtocolViolationException("noise identity signature does not verify");
    }
    remotePeer = PeerIds.of(key);
  }

  /** A raw X25519 key pair: 32-byte private scalar and 32-byte public u-coordinate. */
  private record Keys(byte[] privateKey, byte[] publicKey) {
    static Keys generate(SecureRandom random) {
      byte[] privateKey = X25519.generatePrivate(random);
      return new Keys(privateKey, X25519.publicKey(privateKey));
    }
  }

  /**
   * DH(k, u) of the Noise spec; a remote key that is malformed or of small order ends the
   * handshake.
   */
  private static byte[] dh(byte[] privateKey, byte[] remotePublic) {
    try {
      return X25519.agree(privateKey, remotePublic);
    } catch (PrimitiveException ex) {
      throw new ProtocolViolationException("noise DH failed: " + ex.getMessage(), ex);
    }
  }

  private void mixHash(byte[] data) {
    h = sha256(h, data);
  }

  private void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm);
    ck = out[0];
    k = new NoiseCipher(out[1]);
  }

  private byte[] encryptAndHash(byte[] plaintext) {
    byte[] out = k == null ? plaintext : k.encrypt(h, plaintext, 0, plaintext.length);
    mixHash(out);
    return out;
  }

  private byte[] decryptAndHash(byte[] ciphertext) {
    byte[] out = k == null ? ciphertext : k.decrypt(h, ciphertext, 0, ciphertext.length);
    mixHash(ciphertext);
    return out;
  }

  private static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[] out1 = hmac(temp, new byte[] {1});
    byte[] out2 = hmac(temp, concat(out1, new byte[] {2}));
    return new byte[][] {out1, out2};
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", ex);
    }
  }

  private static byte[] sha256(byte[] a, byte[] b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(a);
      md.update(b);
      return md.digest();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("the JDK lacks SHA-256", ex);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
