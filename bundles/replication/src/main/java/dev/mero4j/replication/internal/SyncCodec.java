package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.MalformedEncodingException;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateless binary codec of {@link SyncFrame}s: a version byte, a type byte, then the fields.
 *
 * @see <a href="../../../../../../../docs/wire-format.md">docs/wire-format.md, "Replication"</a>
 */
public final class SyncCodec {
  static final int VERSION = 1;

  /** Most ids in one frame; bounds what a peer can make us allocate. */
  static final int MAX_IDS = 4096;

  /** Largest envelope in a frame. */
  static final int MAX_ENVELOPE = 16 << 20;

  /** Largest frame accepted. */
  public static final int MAX_FRAME = 64 << 20;

  private static final int DELTA = 1;
  private static final int HEARTBEAT = 2;
  private static final int HEADS_REQUEST = 3;
  private static final int HEADS_RESPONSE = 4;
  private static final int GET_REQUEST = 5;
  private static final int GET_RESPONSE = 6;
  private static final int JOIN_REQUEST = 7;
  private static final int JOIN_RESPONSE = 8;
  private static final int GOVERNANCE_REQUEST = 9;
  private static final int GOVERNANCE_RESPONSE = 10;
  private static final int KEY_REQUEST = 11;
  private static final int KEY_RESPONSE = 12;
  private static final int GOVERNANCE = 13;

  /** Largest join request or response (a response holds the whole governance log). */
  static final int MAX_JOIN = 16 << 20;

  private static final int SINCE_REQUEST = 14;
  private static final int SINCE_RESPONSE = 15;
  private static final int SNAPSHOT_REQUEST = 16;
  private static final int SNAPSHOT_RESPONSE = 17;
  private static final int JOIN_HELLO = 30;
  private static final int JOIN_CHALLENGE = 31;
  private static final int PROVEN = 32;

  /** Largest member proof in a join challenge. */
  static final int MAX_PROOF = 256;

  /** Largest snapshot page; responses stay under the transport's 8 MiB message limit. */
  static final int MAX_PAGE = 6 << 20;

  /** Most envelopes in one catch-up page. */
  public static final int MAX_PAGE_ENVELOPES = 16_384;

  private SyncCodec() {}

  // An outcome's wire code is its ordinal: new outcomes go at the end of their enum
  // (wire-format.md).
  @SuppressWarnings("EnumOrdinal")
  public static byte[] encode(SyncFrame frame) {
    BinaryWriter out = new BinaryWriter(128).version(VERSION);
    if (frame instanceof SyncFrame.Delta d) {
      out.u8(DELTA).bytes(d.envelope());
    } else if (frame instanceof SyncFrame.Heartbeat h) {
      out.u8(HEARTBEAT).bytes(h.sealed());
    } else if (frame instanceof SyncFrame.JoinRequest r) {
      out.u8(JOIN_REQUEST)
          .id(r.context())
          .raw(r.joinerNonce())
          .raw(r.responderNonce())
          .bytes(r.request());
    } else if (frame instanceof SyncFrame.JoinHello h) {
      out.u8(JOIN_HELLO).raw(h.tag()).raw(h.nonce());
    } else if (frame instanceof SyncFrame.JoinChallenge c) {
      out.u8(JOIN_CHALLENGE).raw(c.nonce()).bytes(c.proof());
    } else if (frame instanceof SyncFrame.Proven p) {
      out.u8(PROVEN).bytes(p.proof()).bytes(encode(p.request()));
    } else if (frame instanceof SyncFrame.JoinResponse r) {
      out.u8(JOIN_RESPONSE).bytes(r.response());
    } else if (frame instanceof SyncFrame.GovernanceRequest r) {
      out.u8(GOVERNANCE_REQUEST).id(r.context()).varint(r.ids().size());
      r.ids().forEach(out::id);
    } else if (frame instanceof SyncFrame.GovernanceResponse r) {
      out.u8(GOVERNANCE_RESPONSE).varint(r.ops().size());
      r.ops().forEach(out::bytes);
    } else if (frame instanceof SyncFrame.KeyRequest r) {
      out.u8(KEY_REQUEST).id(r.context()).id(r.member());
    } else if (frame instanceof SyncFrame.KeyResponse r) {
      out.u8(KEY_RESPONSE).varint(r.keys().size());
      r.keys().forEach(out::bytes);
    } else if (frame instanceof SyncFrame.Governance g) {
      out.u8(GOVERNANCE).bytes(g.sealed());
    } else if (frame instanceof SyncFrame.HeadsRequest r) {
      out.u8(HEADS_REQUEST).id(r.context());
    } else if (frame instanceof SyncFrame.HeadsResponse r) {
      ids(out.u8(HEADS_RESPONSE).bool(r.known()).id(r.root()), r.heads());
    } else if (frame instanceof SyncFrame.GetRequest r) {
      ids(out.u8(GET_REQUEST).id(r.context()), r.ids());
    } else if (frame instanceof SyncFrame.GetResponse r) {
      out.u8(GET_RESPONSE).varint(r.envelopes().size());
      r.envelopes().forEach(out::bytes);
      ids(out, r.missing());
    } else if (frame instanceof SyncFrame.SinceRequest r) {
      ids(ids(out.u8(SINCE_REQUEST).id(r.context()), r.heads()), r.recent()).varint(r.cursor());
    } else if (frame instanceof SyncFrame.SinceResponse r) {
      out.u8(SINCE_RESPONSE)
          .u8(r.outcome().ordinal())
          .varint(r.total())
          .varint(r.next())
          .varint(r.envelopes().size());
      r.envelopes().forEach(out::bytes);
    } else if (frame instanceof SyncFrame.SnapshotRequest r) {
      out.u8(SNAPSHOT_REQUEST).id(r.context()).id(r.snapshot()).varint(r.offset());
    } else if (frame instanceof SyncFrame.SnapshotResponse r) {
      out.u8(SNAPSHOT_RESPONSE)
          .u8(r.outcome().ordinal())
          .id(r.snapshot())
          .id(r.root())
          .varint(r.total())
          .varint(r.offset())
          .bytes(r.page());
    }
    return out.toByteArray();
  }

  /** Decodes a frame; anything malformed is a {@link MalformedEncodingException}. */
  public static SyncFrame decode(byte[] bytes) {
    if (bytes.length > MAX_FRAME) {
      throw new MalformedEncodingException(
          "frame of " + bytes.length + " bytes exceeds " + MAX_FRAME);
    }
    BinaryReader in = new BinaryReader(bytes);
    in.version("sync frame", VERSION);
    int type = in.u8();
    SyncFrame frame =
        switch (type) {
          case DELTA -> new SyncFrame.Delta(in.bytes(MAX_ENVELOPE));
          case HEARTBEAT -> new SyncFrame.Heartbeat(in.bytes(MAX_ENVELOPE));
          case JOIN_REQUEST ->
              new SyncFrame.JoinRequest(
                  ContextId.of(in.id()),
                  in.raw(JoinSessions.JOINER_NONCE_BYTES),
                  in.raw(JoinSessions.RESPONDER_NONCE_BYTES),
                  in.bytes(MAX_JOIN));
          case JOIN_HELLO ->
              new SyncFrame.JoinHello(
                  in.raw(JoinTags.TAG_BYTES), in.raw(JoinSessions.JOINER_NONCE_BYTES));
          case JOIN_CHALLENGE ->
              new SyncFrame.JoinChallenge(
                  in.raw(JoinSessions.RESPONDER_NONCE_BYTES), in.bytes(MAX_PROOF));
          case JOIN_RESPONSE -> new SyncFrame.JoinResponse(in.bytes(MAX_JOIN));
          case PROVEN -> proven(in);
          case GOVERNANCE_REQUEST ->
              new SyncFrame.GovernanceRequest(ContextId.of(in.id()), governanceIds(in));
          case GOVERNANCE_RESPONSE -> new SyncFrame.GovernanceResponse(byteList(in));
          case KEY_REQUEST ->
              new SyncFrame.KeyRequest(ContextId.of(in.id()), PublicKey.of(in.id()));
          case KEY_RESPONSE -> new SyncFrame.KeyResponse(byteList(in));
          case GOVERNANCE -> new SyncFrame.Governance(in.bytes(MAX_ENVELOPE));
          case HEADS_REQUEST -> new SyncFrame.HeadsRequest(ContextId.of(in.id()));
          case HEADS_RESPONSE -> new SyncFrame.HeadsResponse(in.bool(), Hash.of(in.id()), ids(in));
          case GET_REQUEST -> new SyncFrame.GetRequest(ContextId.of(in.id()), ids(in));
          case GET_RESPONSE -> getResponse(in);
          case SINCE_REQUEST ->
              new SyncFrame.SinceRequest(ContextId.of(in.id()), ids(in), ids(in), count(in));
          case SINCE_RESPONSE -> sinceResponse(in);
          case SNAPSHOT_REQUEST ->
              new SyncFrame.SnapshotRequest(ContextId.of(in.id()), Hash.of(in.id()), offset(in));
          case SNAPSHOT_RESPONSE ->
              new SyncFrame.SnapshotResponse(
                  outcome(SyncFrame.SnapshotOutcome.values(), in),
                  Hash.of(in.id()),
                  Hash.of(in.id()),
                  offset(in),
                  offset(in),
                  in.bytes(MAX_PAGE));
          default -> throw new MalformedEncodingException("unknown sync frame type " + type);
        };
    in.expectEnd();
    return frame;
  }

  /** A proven request; what it wraps is a plain request, never another proven one. */
  private static SyncFrame proven(BinaryReader in) {
    byte[] proof = in.bytes(MAX_PROOF);
    SyncFrame request = decode(in.bytes(MAX_FRAME));
    if (request instanceof SyncFrame.Proven) {
      throw new MalformedEncodingException("a proven request wraps another proven request");
    }
    return new SyncFrame.Proven(proof, request);
  }

  private static SyncFrame getResponse(BinaryReader in) {
    int count = in.length(MAX_IDS);
    List<byte[]> envelopes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      envelopes.add(in.bytes(MAX_ENVELOPE));
    }
    return new SyncFrame.GetResponse(envelopes, ids(in));
  }

  private static SyncFrame sinceResponse(BinaryReader in) {
    SyncFrame.SinceOutcome outcome = outcome(SyncFrame.SinceOutcome.values(), in);
    int total = count(in);
    int next = count(in);
    int count = in.length(MAX_PAGE_ENVELOPES);
    List<byte[]> envelopes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      envelopes.add(in.bytes(MAX_ENVELOPE));
    }
    if (next > total) {
      throw new MalformedEncodingException("page ends at " + next + " beyond its total " + total);
    }
    return new SyncFrame.SinceResponse(outcome, total, next, envelopes);
  }

  private static <E extends Enum<E>> E outcome(E[] values, BinaryReader in) {
    int code = in.u8();
    if (code >= values.length) {
      throw new MalformedEncodingException("unknown outcome " + code);
    }
    return values[code];
  }

  private static int count(BinaryReader in) {
    return in.length(Integer.MAX_VALUE);
  }

  private static long offset(BinaryReader in) {
    long v = in.varint();
    if (v < 0 || v > SnapshotImage.MAX_INFLATED) {
      throw new MalformedEncodingException("snapshot offset or size " + v + " out of range");
    }
    return v;
  }

  private static List<GovernanceOpId> governanceIds(BinaryReader in) {
    int count = in.length(MAX_IDS);
    List<GovernanceOpId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(GovernanceOpId.of(in.id()));
    }
    return ids;
  }

  private static List<byte[]> byteList(BinaryReader in) {
    int count = in.length(MAX_IDS);
    List<byte[]> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(in.bytes(MAX_ENVELOPE));
    }
    return items;
  }

  private static BinaryWriter ids(BinaryWriter out, List<DeltaId> ids) {
    out.varint(ids.size());
    ids.forEach(out::id);
    return out;
  }

  private static List<DeltaId> ids(BinaryReader in) {
    int count = in.length(MAX_IDS);
    List<DeltaId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(DeltaId.of(in.id()));
    }
    return ids;
  }
}
