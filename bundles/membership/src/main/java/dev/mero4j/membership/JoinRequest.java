package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PrimitiveException;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What an invitee sends to any member to join: the invitation, its secret (empty when key-bound),
 * the invitee's member and agreement keys, and its signature binding them to the invitation.
 *
 * <pre>
 *   u8 version=1 ‖ bytes invitation ‖ bytes secret ‖ member(32) ‖ agreement key(32) ‖ signature(64)
 *   signature = Ed25519(member, "mero4j/join/1" ‖ invitation id ‖ member ‖ agreement key ‖ SHA-256(secret))
 * </pre>
 */
public record JoinRequest(
    Invitation invitation,
    byte[] secret,
    PublicKey member,
    AgreementKey agreementKey,
    Signature signature) {
  private static final int VERSION = 1;
  private static final byte[] DOMAIN = "mero4j/join/1".getBytes(StandardCharsets.UTF_8);

  public JoinRequest {
    secret = secret.clone();
  }

  /** Signs a request to redeem {@code issued} as {@code joiner}. */
  public static JoinRequest create(IssuedInvitation issued, MemberIdentity joiner) {
    byte[] secret = issued.secret().orElse(new byte[0]);
    Signature signature =
        joiner.sign(
            signable(issued.invitation().id(), joiner.publicKey(), joiner.agreementKey(), secret));
    return new JoinRequest(
        issued.invitation(), secret, joiner.publicKey(), joiner.agreementKey(), signature);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  public boolean verifySignature() {
    return member.verify(signable(invitation.id(), member, agreementKey, secret), signature);
  }

  /** The bytes a joiner signs; also checked by every replica on the resulting MemberAdded. */
  static byte[] signable(
      InvitationId invitation, PublicKey member, AgreementKey agreementKey, byte[] secret) {
    return new BinaryWriter(192)
        .raw(DOMAIN)
        .id(invitation)
        .id(member)
        .id(agreementKey)
        .id(Hash.sha256(secret))
        .toByteArray();
  }

  public byte[] encode() {
    return new BinaryWriter(400)
        .version(VERSION)
        .bytes(invitation.encode())
        .bytes(secret)
        .id(member)
        .id(agreementKey)
        .raw(signature.toBytes())
        .toByteArray();
  }

  public static JoinRequest decode(byte[] bytes) {
    try {
      BinaryReader in = new BinaryReader(bytes);
      in.version("join request", VERSION);
      Invitation invitation = Invitation.decode(in.bytes(512));
      byte[] secret = in.bytes(IssuedInvitation.MAX_SECRET_BYTES);
      JoinRequest request =
          new JoinRequest(
              invitation,
              secret,
              PublicKey.of(in.id()),
              AgreementKey.of(in.id()),
              Signature.of(in.raw(Signature.LENGTH)));
      in.expectEnd();
      return request;
    } catch (PrimitiveException e) {
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
