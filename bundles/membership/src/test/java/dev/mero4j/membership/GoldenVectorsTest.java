package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.membership.GovernanceOp.ContextCreated;
import dev.mero4j.membership.GovernanceOp.RoleSet;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hex;
import dev.mero4j.primitives.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Wire encodings pinned byte for byte (docs/security.md, "Encodings"); any change is a new version.
 */
class GoldenVectorsTest {
  /** Ed25519 seed 32 × 0x00 (as in docs/wire-format.md), X25519 private key 32 × 0x01. */
  static final MemberIdentity CREATOR =
      MemberIdentity.of(KeyPair.fromSeed(new byte[32]), filled(1));

  static final KeyId FIRST_KEY = ContextKeys.keyId(ContextId.ZERO, filled(2));
  static final ContextId CONTEXT =
      ContextMembership.contextId(Fixtures.APP, CREATOR.publicKey(), new byte[16]);

  static final String GENESIS =
      "01d0a7e4c307525f0a5ba2e52f0be7ee9a816d0339a11707cb36ea5e9f5a5c13d6003b6a27bcceb6a42d62a3a8d02a6f"
          + "0d73653215771de243a63ac048a18b59da29013ee31c7b32270b1a7377b3856da05f8e96e19a431aa95dd9d1b1e32215"
          + "2d13d100000000000000000000000000000000a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409"
          + "f8a2097c8feb8553adc37ada4deb587bbe50612b783e638564877b2677f6b86a68bf7658f6b4e35d66b36994d1bd5cef"
          + "d599ea82c434cf7fa1c1e1790b6f91fa08592698cfa35c8fb649ec7fd2cf867f302306093472a50dc4890371fff001b7"
          + "968107";
  static final String ROLE_SET =
      "01d0a7e4c307525f0a5ba2e52f0be7ee9a816d0339a11707cb36ea5e9f5a5c13d60134a51eefd457960747a6e3fcbdac"
          + "86212ee6a090f8cb969a0aafa5f75de99fb13b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59"
          + "da2904ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d102fb477308655fd8f2240f3f11"
          + "fd094af2dd6fcfe38c73b1f8167ed8a5c1b48e7b34d43ff0b9d409bfdaa58ad2f5cb8eb60c6a4aebb52902e09dd3e6f0"
          + "9e0cc903";
  static final String INVITATION =
      "02d0a7e4c307525f0a5ba2e52f0be7ee9a816d0339a11707cb36ea5e9f5a5c13d63ee31c7b32270b1a7377b3856da05f"
          + "8e96e19a431aa95dd9d1b1e322152d13d10180d89cd7b9333b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a6"
          + "3ac048a18b59da2901ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d100000000000000"
          + "000000000000000000044a97b531def82703ea2931fcc0e2e9d14df467f55414f02d1ecc580e14f93cbe88226ea1732d"
          + "1949a889fcdb1c29c1dc7542f9f92e0781d5f4ddb187e57c03";
  static final String SEALED =
      "0101ba8b883a39f108311be0748b4ebfacbeef5bb9bba466ebe42b412eb7694c3a690506397db2e2556c000000008d8f"
          + "313eb3cb738a245898dd3d10912e35def9efd19e8ebb72386189d92807e3c6a7948f0adab0c36105646207f68c8296c3"
          + "3f2744f9206013720d780c94918a2dd6e1781602b5abf0626ab4567e6773";

  static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  static SignedGovernanceOp genesis() {
    return SignedGovernanceOp.sign(
        CONTEXT,
        List.of(),
        CREATOR,
        new ContextCreated(Fixtures.APP, new byte[16], CREATOR.agreementKey(), FIRST_KEY));
  }

  @Test
  void genesisOp() {
    SignedGovernanceOp op = genesis();
    check("genesis", op.encode(), GENESIS);
    assertThat(SignedGovernanceOp.decode(op.encode())).isEqualTo(op);
    assertThat(op.verifySignature()).isTrue();
  }

  @Test
  void roleSetOp() {
    SignedGovernanceOp op =
        SignedGovernanceOp.sign(
            CONTEXT,
            List.of(genesis().id()),
            CREATOR,
            new RoleSet(KeyPair.fromSeed(filled(3)).publicKey(), Role.READ_ONLY));
    check("role set", op.encode(), ROLE_SET);
    assertThat(SignedGovernanceOp.decode(op.encode())).isEqualTo(op);
  }

  @Test
  void keyBoundInvitation() {
    Invitation invitation =
        Invitation.issue(
            CREATOR,
            CONTEXT,
            Fixtures.APP,
            Role.MEMBER,
            Instant.parse("2026-01-08T00:00:00Z"),
            Optional.of(KeyPair.fromSeed(filled(3)).publicKey()),
            Optional.empty(),
            new byte[16]);
    check("invitation", invitation.encode(), INVITATION);
    assertThat(Invitation.decode(invitation.encode())).isEqualTo(invitation);
    assertThat(invitation.verifySignature()).isTrue();
  }

  @Test
  void sealedPayload() {
    ContextKeys keys = new ContextKeys(CONTEXT, Fixtures.random(42));
    KeyId key = keys.generate();
    byte[] sealed =
        keys.seal(
            key,
            PayloadKind.DELTA_ENVELOPE,
            "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    check("sealed", sealed, SEALED);
    assertThat(sealed).hasSize(2 + 32 + 12 + 64 + 16);
  }

  private static void check(String what, byte[] actual, String pinned) {
    assertThat(Hex.encode(actual)).as(what).isEqualTo(pinned);
  }
}
