package dev.mero4j.membership;

import dev.mero4j.membership.internal.LongBase58;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.PrimitiveException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An invitation together with its single-use secret (empty for a key-bound invitation) and the
 * {@link JoinHints} that let a stranger reach the inviter: what {@code context invite} prints and
 * {@code context join} reads. The text is a bearer credential (docs/wire-format.md, "Invitation
 * text"):
 *
 * <pre>
 *   base58( u8 version=3 ‖ bytes invitation ‖ bytes secret ‖ string peer
 *           ‖ varint n ‖ n × string multiaddr ‖ varint applicationSize ‖ rendezvous(32) )
 * </pre>
 */
public record IssuedInvitation(
    Invitation invitation, Optional<byte[]> secret, Optional<JoinHints> hints) {
  private static final int VERSION = 3;

  /** Largest secret accepted in a text; issued secrets have 16 bytes. */
  public static final int MAX_SECRET_BYTES = 64;

  /** Largest encoded invitation accepted in a text. */
  public static final int MAX_INVITATION_BYTES = 512;

  /** Longest text accepted: room for the invitation and every address at its longest. */
  public static final int MAX_TEXT_CHARS = LongBase58.MAX_TEXT_LENGTH;

  public IssuedInvitation {
    Objects.requireNonNull(invitation, "invitation");
    secret = secret.map(byte[]::clone);
    Objects.requireNonNull(hints, "hints");
  }

  /** An invitation as membership issues it, before the node adds its {@link JoinHints}. */
  public IssuedInvitation(Invitation invitation, Optional<byte[]> secret) {
    this(invitation, secret, Optional.empty());
  }

  /** The same invitation carrying {@code hints}. */
  public IssuedInvitation withHints(JoinHints hints) {
    return new IssuedInvitation(invitation, secret, Optional.of(hints));
  }

  /** The text a person passes on; requires the hints. */
  public String toText() {
    JoinHints way =
        hints.orElseThrow(() -> new IllegalStateException("an invitation text needs join hints"));
    BinaryWriter out =
        new BinaryWriter(600)
            .version(VERSION)
            .bytes(invitation.encode())
            .bytes(secret.orElse(new byte[0]))
            .string(way.peer())
            .varint(way.addresses().size());
    way.addresses().forEach(out::string);
    out.varint(way.applicationSize()).raw(way.rendezvousSecret());
    return LongBase58.encode(out.toByteArray());
  }

  /**
   * Reads an invitation text, bounding every part (named limits here and in {@link JoinHints}).
   *
   * @throws MalformedMembershipDataException when the text is not a version-3 invitation text
   */
  public static IssuedInvitation parse(String text) {
    String stripped = text.strip();
    if (stripped.length() > MAX_TEXT_CHARS) {
      throw new MalformedMembershipDataException(
          "invitation text of " + stripped.length() + " characters exceeds " + MAX_TEXT_CHARS);
    }
    try {
      BinaryReader in = new BinaryReader(LongBase58.decode(stripped));
      int version = in.version("invitation text", VERSION);
      if (version != VERSION) {
        throw new MalformedMembershipDataException(
            "invitation text version " + version + " is no longer read; ask for a new invitation");
      }
      Invitation invitation = Invitation.decode(in.bytes(MAX_INVITATION_BYTES));
      byte[] secret = in.bytes(MAX_SECRET_BYTES);
      JoinHints hints = readHints(in);
      in.expectEnd();
      return new IssuedInvitation(
          invitation,
          secret.length == 0 ? Optional.empty() : Optional.of(secret),
          Optional.of(hints));
    } catch (PrimitiveException | IllegalArgumentException e) {
      throw new MalformedMembershipDataException("malformed invitation text: " + e.getMessage(), e);
    }
  }

  private static JoinHints readHints(BinaryReader in) {
    String peer = in.string(JoinHints.MAX_PEER_BYTES);
    long count = in.varint();
    if (count > JoinHints.MAX_ADDRESSES) {
      throw new MalformedMembershipDataException(
          "invitation text names "
              + count
              + " addresses; at most "
              + JoinHints.MAX_ADDRESSES
              + " are read");
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String address = in.string(JoinHints.MAX_ADDRESS_BYTES);
      if (!address.startsWith("/")) {
        throw new MalformedMembershipDataException("not a multiaddr: " + address);
      }
      addresses.add(address);
    }
    long size = in.varint();
    byte[] rendezvous = in.raw(JoinHints.RENDEZVOUS_BYTES);
    return new JoinHints(peer, addresses, size, rendezvous);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IssuedInvitation i
        && invitation.equals(i.invitation)
        && Arrays.equals(secret.orElse(null), i.secret.orElse(null))
        && hints.equals(i.hints);
  }

  @Override
  public int hashCode() {
    return invitation.hashCode();
  }

  @Override
  public String toString() {
    return "IssuedInvitation[" + invitation.id() + "]";
  }
}
