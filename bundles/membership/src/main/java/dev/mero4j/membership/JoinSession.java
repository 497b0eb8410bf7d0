package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The member's half of a join session: it proves to the joiner that it holds a member key and the
 * context's rendezvous secret before the joiner sends anything, and signs its answer for that
 * session, so a peer that did not prove itself can neither see a request nor end a join.
 *
 * <pre>
 *   member proof = member(32) ‖ Ed25519(member, "mero4j/join-member/1" ‖ session)
 *                  ‖ HMAC-SHA256(rendezvous, "mero4j/join-member/1" ‖ session)
 *   answer       = bytes join response ‖ Ed25519(member, "mero4j/join-answer/1" ‖ session ‖ SHA-256(response))
 * </pre>
 */
public final class JoinSession {
  /** Bytes of a member proof. */
  public static final int PROOF_BYTES = 32 + Signature.LENGTH + 32;

  private static final byte[] MEMBER_DOMAIN =
      "mero4j/join-member/1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ANSWER_DOMAIN =
      "mero4j/join-answer/1".getBytes(StandardCharsets.UTF_8);

  /** Largest answer read: a join response of a whole governance log. */
  public static final int MAX_ANSWER_BYTES = 16 << 20;

  private JoinSession() {}

  /** What a member answers a joiner's challenge with in session {@code session}. */
  public static byte[] proveMember(MemberIdentity self, byte[] rendezvous, byte[] session) {
    return new BinaryWriter(PROOF_BYTES)
        .id(self.publicKey())
        .raw(self.sign(memberSignable(session)).toBytes())
        .raw(Hash.hmacSha256(rendezvous, MEMBER_DOMAIN, session).toBytes())
        .toByteArray();
  }

  /** The member key of a proof that verifies for {@code session}; empty for anything else. */
  public static Optional<PublicKey> verifyMember(byte[] proof, byte[] rendezvous, byte[] session) {
    if (proof.length != PROOF_BYTES) {
      return Optional.empty();
    }
    try {
      BinaryReader in = new BinaryReader(proof);
      PublicKey member = PublicKey.of(in.id());
      Signature signature = Signature.of(in.raw(Signature.LENGTH));
      byte[] mac = in.raw(32);
      boolean macOk =
          MessageDigest.isEqual(mac, Hash.hmacSha256(rendezvous, MEMBER_DOMAIN, session).toBytes());
      return macOk && member.verify(memberSignable(session), signature)
          ? Optional.of(member)
          : Optional.empty();
    } catch (PrimitiveException e) {
      return Optional.empty();
    }
  }

  /** The member's signed answer to a join request of {@code session}. */
  public static byte[] signAnswer(MemberIdentity self, byte[] session, JoinResponse response) {
    byte[] bytes = response.encode();
    return new BinaryWriter(bytes.length + 80)
        .bytes(bytes)
        .raw(self.sign(answerSignable(session, bytes)).toBytes())
        .toByteArray();
  }

  /**
   * The response inside {@code answer} when {@code member} signed it for {@code session}; empty
   * when it did not (an answer nobody authenticated, to be ignored).
   *
   * @throws MalformedMembershipDataException when the signed response is malformed
   */
  public static Optional<JoinResponse> openAnswer(
      byte[] answer, PublicKey member, byte[] session, PublicKey joiner) {
    byte[] bytes;
    Signature signature;
    try {
      BinaryReader in = new BinaryReader(answer);
      bytes = in.bytes(MAX_ANSWER_BYTES);
      signature = Signature.of(in.raw(Signature.LENGTH));
      in.expectEnd();
    } catch (PrimitiveException e) {
      return Optional.empty();
    }
    if (!member.verify(answerSignable(session, bytes), signature)) {
      return Optional.empty();
    }
    return Optional.of(JoinResponse.decode(bytes, joiner));
  }

  private static byte[] memberSignable(byte[] session) {
    return concat(MEMBER_DOMAIN, session);
  }

  private static byte[] answerSignable(byte[] session, byte[] response) {
    return concat(concat(ANSWER_DOMAIN, session), Hash.sha256(response).toBytes());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
