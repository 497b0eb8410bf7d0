package dev.mero4j.membership;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.PrimitiveException;
import java.util.Collection;
import java.util.List;

/**
 * Where a data write stands in the governance log: the governance heads its author had applied at
 * commit time. Carried inside the encrypted delta envelope and covered by the author's signature.
 *
 * <pre>
 *   position = varint n ‖ op id(32) × n   (ascending, distinct, 1 ≤ n ≤ 256)
 * </pre>
 */
public record GovernancePosition(List<GovernanceOpId> heads) {
  public GovernancePosition {
    heads = ascending(heads) ? List.copyOf(heads) : heads.stream().distinct().sorted().toList();
    if (heads.isEmpty() || heads.size() > SignedGovernanceOp.MAX_PARENTS) {
      throw new MalformedMembershipDataException(
          "a governance position names 1.." + SignedGovernanceOp.MAX_PARENTS + " ops");
    }
  }

  /** Whether {@code ids} are strictly ascending (so sorted and distinct already), checked first. */
  private static boolean ascending(List<GovernanceOpId> ids) {
    for (int i = 1; i < ids.size(); i++) {
      if (ids.get(i - 1).compareTo(ids.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  public static GovernancePosition of(Collection<GovernanceOpId> heads) {
    return new GovernancePosition(List.copyOf(heads));
  }

  public void writeTo(BinaryWriter out) {
    out.varint(heads.size());
    heads.forEach(out::id);
  }

  public byte[] encode() {
    BinaryWriter out = new BinaryWriter(1 + 32 * heads.size());
    writeTo(out);
    return out.toByteArray();
  }

  public static GovernancePosition readFrom(BinaryReader in) {
    try {
      int n = in.length(SignedGovernanceOp.MAX_PARENTS);
      GovernanceOpId[] ids = new GovernanceOpId[n];
      for (int i = 0; i < n; i++) {
        ids[i] = GovernanceOpId.of(in.id());
        if (i > 0 && ids[i - 1].compareTo(ids[i]) >= 0) {
          throw new MalformedMembershipDataException(
              "governance position not ascending and distinct");
        }
      }
      return new GovernancePosition(List.of(ids));
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException(
          "malformed governance position: " + e.getMessage(), e);
    }
  }

  public static GovernancePosition decode(byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    GovernancePosition position = readFrom(in);
    try {
      in.expectEnd();
    } catch (PrimitiveException e) {
      throw new MalformedMembershipDataException(
          "malformed governance position: " + e.getMessage(), e);
    }
    return position;
  }
}
