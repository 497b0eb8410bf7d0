package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.MalformedEncodingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a heartbeat announces, sealed under the context key so that a subscriber who is not a member
 * cannot confirm a guessed state:
 *
 * <pre>
 *   u8 version=1 ‖ root(32) ‖ varint n ‖ delta id × n ‖ varint m ‖ governance op id × m
 * </pre>
 */
public record HeartbeatBody(Hash root, List<DeltaId> heads, List<GovernanceOpId> governanceHeads) {
  private static final int VERSION = 1;

  public HeartbeatBody {
    heads = List.copyOf(heads);
    governanceHeads = List.copyOf(governanceHeads);
  }

  public static HeartbeatBody of(
      Hash root, List<DeltaId> heads, Collection<GovernanceOpId> governanceHeads) {
    return new HeartbeatBody(root, heads, List.copyOf(governanceHeads));
  }

  public byte[] encode() {
    BinaryWriter out =
        new BinaryWriter(64 + 32 * (heads.size() + governanceHeads.size()))
            .version(VERSION)
            .id(root)
            .varint(heads.size());
    heads.forEach(out::id);
    out.varint(governanceHeads.size());
    governanceHeads.forEach(out::id);
    return out.toByteArray();
  }

  /** Decodes an opened heartbeat; anything malformed is a {@link MalformedEncodingException}. */
  public static HeartbeatBody decode(byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    in.version("heartbeat", VERSION);
    Hash root = Hash.of(in.id());
    int n = in.length(SyncCodec.MAX_IDS);
    List<DeltaId> heads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      heads.add(DeltaId.of(in.id()));
    }
    int m = in.length(SyncCodec.MAX_IDS);
    List<GovernanceOpId> governance = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      governance.add(GovernanceOpId.of(in.id()));
    }
    in.expectEnd();
    return new HeartbeatBody(root, heads, governance);
  }
}
