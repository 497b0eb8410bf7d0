package dev.mero4j.membership;

import dev.mero4j.membership.internal.Aead;
import dev.mero4j.membership.internal.Hkdf;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.X25519;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context keys one identity holds, and the AEAD built on them (docs/security.md, "Encryption").
 *
 * <pre>
 *   sealed    = u8 version=1 ‖ u8 kind ‖ keyId(32) ‖ nonce(12) ‖ AES-256-GCM ciphertext ‖ tag(16)
 *   nonce     = stream(8) ‖ u32 counter: per key and ContextKeys instance a random 64-bit stream id
 *               and a counter, so one sealer never repeats a nonce; a new stream every 2^32 seals
 *   plaintext = varint length ‖ payload ‖ zero padding to a multiple of 64 bytes
 *   aad       = "mero4j/sealed/1" ‖ u8 version ‖ u8 kind ‖ context(32) ‖ keyId(32)
 *   wrap      = eph = fresh X25519; kek = HKDF-SHA256(salt = context, ikm = X25519(eph, recipient),
 *               info = "mero4j/key-wrap/1" ‖ keyId ‖ recipient ‖ recipient agreement key ‖ eph)
 *               ciphertext = AES-256-GCM(kek, nonce = 0^12, key, aad = info): each kek seals once
 * </pre>
 *
 * Thread-safe.
 */
public final class ContextKeys {
  private static final int VERSION = 1;

  /** Payloads are padded to this block so lengths leak only coarsely. */
  public static final int PADDING_BLOCK = 64;

  /** Largest sealed payload (the delta envelope cap). */
  public static final int MAX_PAYLOAD_BYTES = 16 << 20;

  /** Random bytes of a nonce naming its sealer's stream; the rest is a counter. */
  static final int STREAM_BYTES = 8;

  /** Seals per nonce stream (a 32-bit counter). */
  static final long MAX_COUNTER = 0xFFFF_FFFFL;

  private static final byte[] KEY_ID_DOMAIN = utf8("mero4j/context-key/1");
  private static final byte[] SEAL_DOMAIN = utf8("mero4j/sealed/1");
  private static final byte[] WRAP_DOMAIN = utf8("mero4j/key-wrap/1");
  private static final byte[] DERIVE_DOMAIN = utf8("mero4j/derived/1");

  private final ContextId context;
  private final SecureRandom random;
  private final Map<KeyId, byte[]> keys = new ConcurrentHashMap<>();
  private final Map<KeyId, NonceStream> nonces = new ConcurrentHashMap<>();

  /** This instance's nonces under one key: a random stream id and a counter. */
  private static final class NonceStream {
    private final byte[] id = new byte[STREAM_BYTES];
    private long counter;

    NonceStream(SecureRandom random) {
      random.nextBytes(id);
    }

    /** The next nonce, or null when the counter is spent (draw a new stream). */
    synchronized byte[] next() {
      if (counter > MAX_COUNTER) {
        return null;
      }
      long value = counter++;
      byte[] nonce = new byte[Aead.NONCE_BYTES];
      System.arraycopy(id, 0, nonce, 0, STREAM_BYTES);
      for (int i = Aead.NONCE_BYTES - 1; i >= STREAM_BYTES; i--) {
        nonce[i] = (byte) value;
        value >>>= 8;
      }
      return nonce;
    }
  }

  public ContextKeys(ContextId context, SecureRandom random) {
    this.context = context;
    this.random = random;
  }

  /** The public commitment naming {@code key} in {@code context}. */
  public static KeyId keyId(ContextId context, byte[] key) {
    return KeyId.of(Hash.sha256(KEY_ID_DOMAIN, context.toBytes(), key).toBytes());
  }

  /** Draws a fresh 256-bit key, holds it, and returns its id. */
  public KeyId generate() {
    byte[] key = new byte[Aead.KEY_BYTES];
    random.nextBytes(key);
    KeyId id = keyId(context, key);
    keys.put(id, key);
    return id;
  }

  public boolean holds(KeyId id) {
    return keys.containsKey(id);
  }

  public Set<KeyId> held() {
    return Set.copyOf(keys.keySet());
  }

  /** Wraps the held key {@code id} to a member's agreement key. */
  public WrappedKey wrap(KeyId id, PublicKey recipient, AgreementKey recipientKey) {
    byte[] key = require(id);
    byte[] ephemeral = X25519.generatePrivate(random);
    AgreementKey ephemeralPublic = AgreementKey.of(X25519.publicKey(ephemeral));
    byte[] info = wrapInfo(id, recipient, recipientKey, ephemeralPublic);
    byte[] kek =
        Hkdf.derive(
            context.toBytes(),
            MemberIdentity.agree(ephemeral, recipientKey.toBytes()),
            info,
            Aead.KEY_BYTES);
    return new WrappedKey(id, recipient, ephemeralPublic, Aead.sealOnce(kek, key, info));
  }

  /**
   * Unwraps a key addressed to {@code self} and holds it once it matches its id; a key that does
   * not match its commitment is refused, whoever delivered it.
   */
  public KeyId unwrap(WrappedKey wrapped, MemberIdentity self) {
    if (!wrapped.recipient().equals(self.publicKey())) {
      throw new KeyUnavailableException(
          "key "
              + wrapped.key()
              + " is wrapped to "
              + wrapped.recipient()
              + ", not to "
              + self.publicKey());
    }
    byte[] info =
        wrapInfo(wrapped.key(), self.publicKey(), self.agreementKey(), wrapped.ephemeral());
    byte[] kek =
        Hkdf.derive(
            context.toBytes(), self.agree(wrapped.ephemeral().toBytes()), info, Aead.KEY_BYTES);
    byte[] key = Aead.open(kek, new byte[Aead.NONCE_BYTES], wrapped.ciphertext(), info);
    if (!keyId(context, key).equals(wrapped.key())) {
      throw new DecryptionFailedException(
          "delivered key does not match its commitment " + wrapped.key());
    }
    keys.put(wrapped.key(), key);
    return wrapped.key();
  }

  /**
   * Seals {@code payload} under the held key {@code id} with this instance's next nonce for it: a
   * counter in a random stream, unique per key by construction (docs/security.md, "Encryption").
   */
  public byte[] seal(KeyId id, PayloadKind kind, byte[] payload) {
    byte[] key = require(id);
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
    }
    BinaryWriter plain =
        new BinaryWriter(payload.length + PADDING_BLOCK + 8).varint(payload.length).raw(payload);
    plain.raw(new byte[(PADDING_BLOCK - plain.size() % PADDING_BLOCK) % PADDING_BLOCK]);
    byte[] nonce = nextNonce(id);
    byte[] ciphertext = Aead.seal(key, nonce, plain.toByteArray(), aad(kind, id));
    return new BinaryWriter(ciphertext.length + 48)
        .version(VERSION)
        .u8(kind.code())
        .id(id)
        .raw(nonce)
        .raw(ciphertext)
        .toByteArray();
  }

  private byte[] nextNonce(KeyId id) {
    // The stream id is drawn outside the map: a draw inside computeIfAbsent would hold the map's
    // bin (and any resize) for as long as the randomness source takes, stalling seals under other
    // keys, a local commit among them.
    NonceStream stream = nonces.get(id);
    if (stream == null) {
      NonceStream drawn = new NonceStream(random);
      NonceStream raced = nonces.putIfAbsent(id, drawn);
      stream = raced == null ? drawn : raced;
    }
    byte[] nonce = stream.next();
    while (nonce == null) {
      NonceStream fresh = new NonceStream(random);
      nonces.put(id, fresh);
      nonce = fresh.next();
    }
    return nonce;
  }

  /**
   * A 32-byte secret for {@code purpose} derived from the held key {@code id}: HKDF-SHA256 with the
   * context as salt and {@code "mero4j/derived/1" ‖ keyId ‖ purpose} as info. The key itself never
   * leaves this class; other subsystems (blobs) key their own schemes from such secrets.
   */
  public byte[] derive(KeyId id, String purpose) {
    byte[] info =
        new BinaryWriter(64 + purpose.length())
            .raw(DERIVE_DOMAIN)
            .id(id)
            .raw(utf8(purpose))
            .toByteArray();
    return Hkdf.derive(context.toBytes(), require(id), info, Aead.KEY_BYTES);
  }

  /** The key a sealed payload names, so a caller can tell "not held" from "tampered". */
  public static KeyId sealedWith(byte[] sealed) {
    return header(sealed).key;
  }

  /**
   * Opens a payload of the expected kind; tampering anywhere is a {@link
   * DecryptionFailedException}.
   */
  public byte[] open(PayloadKind expected, byte[] sealed) {
    Header header = header(sealed);
    if (header.kind != expected) {
      throw new DecryptionFailedException(
          "sealed " + header.kind + " where " + expected + " was expected");
    }
    byte[] key = keys.get(header.key);
    if (key == null) {
      throw new KeyUnavailableException("no key " + header.key + " in context " + context);
    }
    byte[] plain = Aead.open(key, header.nonce, header.ciphertext, aad(header.kind, header.key));
    try {
      BinaryReader in = new BinaryReader(plain);
      byte[] payload = in.bytes(plain.length);
      for (byte b : in.raw(in.remaining())) {
        if (b != 0) {
          throw new DecryptionFailedException("non-zero padding");
        }
      }
      return payload;
    } catch (PrimitiveException e) {
      throw new DecryptionFailedException("malformed sealed plaintext: " + e.getMessage(), e);
    }
  }

  private record Header(PayloadKind kind, KeyId key, byte[] nonce, byte[] ciphertext) {}

  private static Header header(byte[] sealed) {
    try {
      BinaryReader in = new BinaryReader(sealed);
      in.version("sealed payload", VERSION);
      PayloadKind kind = PayloadKind.ofCode(in.u8());
      KeyId key = KeyId.of(in.id());
      byte[] nonce = in.raw(Aead.NONCE_BYTES);
      if (in.remaining() < Aead.TAG_BYTES) {
        throw new MalformedMembershipDataException("sealed payload shorter than its tag");
      }
      return new Header(kind, key, nonce, in.raw(in.remaining()));
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException("malformed sealed payload: " + e.getMessage(), e);
    }
  }

  private byte[] aad(PayloadKind kind, KeyId id) {
    return new BinaryWriter(96)
        .raw(SEAL_DOMAIN)
        .u8(VERSION)
        .u8(kind.code())
        .id(context)
        .id(id)
        .toByteArray();
  }

  private static byte[] wrapInfo(
      KeyId id, PublicKey recipient, AgreementKey recipientKey, AgreementKey ephemeral) {
    return new BinaryWriter(160)
        .raw(WRAP_DOMAIN)
        .id(id)
        .id(recipient)
        .id(recipientKey)
        .id(ephemeral)
        .toByteArray();
  }

  private byte[] require(KeyId id) {
    byte[] key = keys.get(id);
    if (key == null) {
      throw new KeyUnavailableException("no key " + id + " in context " + context);
    }
    return key;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ContextKeys[" + context + ", " + keys.size() + " keys]";
  }
}
