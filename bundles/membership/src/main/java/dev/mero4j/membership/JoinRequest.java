package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What an invitee sends to a member that proved its membership in one session: the invitation, the
 * invitee's member and agreement keys, and three signatures; never the invitation's secret.
 *
 * <pre>
 *   u8 version=2 ‖ bytes invitation ‖ member(32) ‖ agreement key(32) ‖ session(32)
 *   ‖ joiner signature(64) ‖ redemption proof(64) ‖ session proof(64)
 *   joiner signature = Ed25519(member, "mero4j/join/2" ‖ context ‖ invitation id ‖ member ‖ agreement)
 *   redemption proof = Ed25519(proof key, "mero4j/redeem/1" ‖ context ‖ invitation id ‖ member ‖ agreement)
 *   session proof    = Ed25519(proof key, "mero4j/join-session/1" ‖ session ‖ invitation id ‖ member)
 * </pre>
 *
 * The proof key is the invitation key (secret-bound) or the invitee's key (key-bound). The first
 * two signatures travel on inside the MemberAdded; the session proof stays with the member that was
 * asked, so what a stranger or a relay sees cannot be replayed elsewhere.
 */
public record JoinRequest(
    Invitation invitation,
    PublicKey member,
    AgreementKey agreementKey,
    byte[] session,
    Signature joinerSignature,
    Signature redemptionProof,
    Signature sessionProof) {
  private static final int VERSION = 2;

  /** Bytes of a session transcript. */
  public static final int SESSION_BYTES = 32;

  private static final byte[] JOIN_DOMAIN = "mero4j/join/2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] REDEEM_DOMAIN = "mero4j/redeem/1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SESSION_DOMAIN =
      "mero4j/join-session/1".getBytes(StandardCharsets.UTF_8);

  public JoinRequest {
    if (session.length != SESSION_BYTES) {
      throw new IllegalArgumentException("a session transcript has " + SESSION_BYTES + " bytes");
    }
    session = session.clone();
  }

  /** Signs a request to redeem {@code issued} as {@code joiner} in the session {@code session}. */
  public static JoinRequest create(IssuedInvitation issued, MemberIdentity joiner, byte[] session) {
    Invitation invitation = issued.invitation();
    KeyPair proofKey = issued.secret().map(Invitation::invitationKey).orElseGet(joiner::signingKey);
    PublicKey member = joiner.publicKey();
    AgreementKey agreement = joiner.agreementKey();
    return new JoinRequest(
        invitation,
        member,
        agreement,
        session,
        joiner.sign(joinerSignable(invitation, member, agreement)),
        proofKey.sign(redemptionSignable(invitation, member, agreement)),
        proofKey.sign(sessionSignable(session, invitation, member)));
  }

  @Override
  public byte[] session() {
    return session.clone();
  }

  /** True when the session proof verifies with the invitation's proof key. */
  public boolean verifySessionProof() {
    return invitation.proofKey().verify(sessionSignable(session, invitation, member), sessionProof);
  }

  static byte[] joinerSignable(Invitation invitation, PublicKey member, AgreementKey agreement) {
    return signable(JOIN_DOMAIN, invitation, member, agreement);
  }

  static byte[] redemptionSignable(
      Invitation invitation, PublicKey member, AgreementKey agreement) {
    return signable(REDEEM_DOMAIN, invitation, member, agreement);
  }

  private static byte[] signable(
      byte[] domain, Invitation invitation, PublicKey member, AgreementKey agreement) {
    return new BinaryWriter(192)
        .raw(domain)
        .id(invitation.context())
        .id(invitation.id())
        .id(member)
        .id(agreement)
        .toByteArray();
  }

  private static byte[] sessionSignable(byte[] session, Invitation invitation, PublicKey member) {
    return new BinaryWriter(128)
        .raw(SESSION_DOMAIN)
        .raw(session)
        .id(invitation.id())
        .id(member)
        .toByteArray();
  }

  public byte[] encode() {
    return new BinaryWriter(600)
        .version(VERSION)
        .bytes(invitation.encode())
        .id(member)
        .id(agreementKey)
        .raw(session)
        .raw(joinerSignature.toBytes())
        .raw(redemptionProof.toBytes())
        .raw(sessionProof.toBytes())
        .toByteArray();
  }

  public static JoinRequest decode(byte[] bytes) {
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("join request", VERSION);
      Invitation invitation = Invitation.decode(in.bytes(IssuedInvitation.MAX_INVITATION_BYTES));
      JoinRequest request =
          new JoinRequest(
              invitation,
              PublicKey.of(in.id()),
              AgreementKey.of(in.id()),
              in.raw(SESSION_BYTES),
              Signature.of(in.raw(Signature.LENGTH)),
              Signature.of(in.raw(Signature.LENGTH)),
              Signature.of(in.raw(Signature.LENGTH)));
      in.expectEnd();
      return request;
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw new MalformedMembershipDataException("malformed join request: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinRequest r && Arrays.equals(encode(), r.encode());
  }

  @Override
  public int hashCode() {
    return invitation.hashCode() * 31 + member.hashCode();
  }

  @Override
  public String toString() {
    return "JoinRequest[" + invitation.id() + " by " + member + "]";
  }
}
