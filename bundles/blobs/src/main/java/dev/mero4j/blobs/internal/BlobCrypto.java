package dev.mero4j.blobs.internal;

import dev.mero4j.blobs.BlobKeys;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys one context key gives its blobs, and what they seal. From the 32-byte blob secret {@code
 * S} (HKDF of the context key, see {@link BlobKeys}):
 *
 * <pre>
 *   blob id   = HMAC(HMAC(S, "id"), "mero4j/blob-id/1" ‖ context ‖ keyId ‖ u64 size ‖ merkle root)
 *   address   = HMAC(HMAC(S, "address"), leaf)           where a chunk is stored
 *   chunk     = u8 1 ‖ AES-256-GCM(key = HMAC(HMAC(S, "chunk"), leaf), nonce = 0^12, chunk,
 *                                  aad = "mero4j/blob-chunk/1" ‖ context ‖ keyId ‖ leaf)
 *   manifest  = u8 1 ‖ keyId ‖ AES-256-GCM(key = HMAC(HMAC(S, "manifest"), blob id), nonce = 0^12,
 *                                  u64 size ‖ u32 count ‖ leaves, aad = "mero4j/blob-manifest/1" ‖ context ‖ blob id)
 * </pre>
 *
 * Every AES key seals exactly one plaintext (a chunk's key is a function of its hash; a manifest's
 * of the blob id, itself a function of the leaves), so the fixed nonce is never reused with another
 * plaintext, and equal chunks of one context seal to equal bytes: that is what lets them be stored
 * once. Immutable and thread-safe.
 */
public final class BlobCrypto {
  /** Format version of sealed chunks and manifests. */
  public static final int VERSION = 1;

  private static final int TAG_BITS = 128;
  private static final byte[] ID_DOMAIN = utf8("mero4j/blob-id/1");
  private static final byte[] CHUNK_DOMAIN = utf8("mero4j/blob-chunk/1");
  private static final byte[] MANIFEST_DOMAIN = utf8("mero4j/blob-manifest/1");

  private final ContextId context;
  private final Hash keyId;
  private final byte[] idKey;
  private final byte[] addressKey;
  private final byte[] chunkKey;
  private final byte[] manifestKey;

  public BlobCrypto(ContextId context, BlobKeys.Secret secret) {
    this.context = context;
    this.keyId = secret.keyId();
    byte[] s = secret.secret();
    this.idKey = Hash.hmacSha256(s, utf8("id")).toBytes();
    this.addressKey = Hash.hmacSha256(s, utf8("address")).toBytes();
    this.chunkKey = Hash.hmacSha256(s, utf8("chunk")).toBytes();
    this.manifestKey = Hash.hmacSha256(s, utf8("manifest")).toBytes();
    Arrays.fill(s, (byte) 0);
  }

  public Hash keyId() {
    return keyId;
  }

  /** The id of a blob of {@code size} bytes whose Merkle root is {@code root}. */
  public Hash blobId(long size, byte[] root) {
    return Hash.hmacSha256(
        idKey,
        ID_DOMAIN,
        context.toBytes(),
        keyId.toBytes(),
        ByteBuffer.allocate(8).putLong(size).array(),
        root);
  }

  /** Where the chunk with this leaf hash is stored: unlinkable to the chunk outside the context. */
  public byte[] address(byte[] leaf) {
    return Hash.hmacSha256(addressKey, leaf).toBytes();
  }

  /** Seals {@code length} bytes of {@code chunk} whose leaf hash is {@code leaf}. */
  public byte[] sealChunk(byte[] leaf, byte[] chunk, int offset, int length) {
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, Hash.hmacSha256(chunkKey, leaf).toBytes());
      cipher.updateAAD(chunkAad(leaf));
      byte[] out = new byte[1 + cipher.getOutputSize(length)];
      out[0] = VERSION;
      cipher.doFinal(chunk, offset, length, out, 1);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Opens a sealed chunk expected to hash to {@code leaf}.
   *
   * @throws GeneralSecurityException the bytes were altered (or are not this chunk)
   */
  public byte[] openChunk(byte[] leaf, byte[] sealed) throws GeneralSecurityException {
    if (sealed.length < 1 + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new GeneralSecurityException("unknown chunk format or truncated chunk");
    }
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, Hash.hmacSha256(chunkKey, leaf).toBytes());
    cipher.updateAAD(chunkAad(leaf));
    return cipher.doFinal(sealed, 1, sealed.length - 1);
  }

  /** Seals a manifest's plaintext under the key of {@code blob}. */
  public byte[] sealManifest(Hash blob, byte[] plaintext) {
    try {
      Cipher cipher =
          cipher(Cipher.ENCRYPT_MODE, Hash.hmacSha256(manifestKey, blob.toBytes()).toBytes());
      cipher.updateAAD(manifestAad(blob));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + Hash.LENGTH + sealed.length)
          .put((byte) VERSION)
          .put(keyId.toBytes())
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** The id of the context key a sealed manifest was sealed under. */
  public static Hash manifestKeyId(byte[] sealed) throws GeneralSecurityException {
    if (sealed.length < 1 + Hash.LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new GeneralSecurityException("unknown manifest format or truncated manifest");
    }
    return Hash.of(Arrays.copyOfRange(sealed, 1, 1 + Hash.LENGTH));
  }

  /**
   * Opens the manifest of {@code blob}.
   *
   * @throws GeneralSecurityException the bytes were altered or belong to another blob
   */
  public byte[] openManifest(Hash blob, byte[] sealed) throws GeneralSecurityException {
    if (!manifestKeyId(sealed).equals(keyId)) {
      throw new GeneralSecurityException("manifest sealed under another key");
    }
    Cipher cipher =
        cipher(Cipher.DECRYPT_MODE, Hash.hmacSha256(manifestKey, blob.toBytes()).toBytes());
    cipher.updateAAD(manifestAad(blob));
    int start = 1 + Hash.LENGTH;
    return cipher.doFinal(sealed, start, sealed.length - start);
  }

  private byte[] chunkAad(byte[] leaf) {
    return ByteBuffer.allocate(CHUNK_DOMAIN.length + 96)
        .put(CHUNK_DOMAIN)
        .put(context.toBytes())
        .put(keyId.toBytes())
        .put(leaf)
        .array();
  }

  private byte[] manifestAad(Hash blob) {
    return ByteBuffer.allocate(MANIFEST_DOMAIN.length + 64)
        .put(MANIFEST_DOMAIN)
        .put(context.toBytes())
        .put(blob.toBytes())
        .array();
  }

  /** A Cipher of its own per seal: each key seals one plaintext, so no reuse guard is needed. */
  private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, new byte[12]));
    return cipher;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
