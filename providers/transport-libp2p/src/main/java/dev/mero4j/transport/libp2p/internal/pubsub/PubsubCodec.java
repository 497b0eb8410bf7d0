package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IWant;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.SubOpts;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.WireMessage;
import dev.mero4j.transport.libp2p.internal.util.ProtoReader;
import dev.mero4j.transport.libp2p.internal.util.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Protobuf codec of the pubsub RPC (subscriptions = 1, publish = 2, control = 3) with the gossipsub
 * control messages; IDONTWANT (control field 5) and peer exchange are ignored.
 *
 * @see <a
 *     href="https://github.com/libp2p/specs/blob/master/pubsub/gossipsub/gossipsub-v1.1.md#protobuf">protobuf</a>
 */
public final class PubsubCodec {
  private PubsubCodec() {}

  public static byte[] encode(PubsubFrame rpc) {
    ProtoWriter w = new ProtoWriter();
    for (SubOpts s : rpc.subscriptions()) {
      w.message(1, new ProtoWriter().bool(1, s.subscribe()).string(2, s.topic()));
    }
    for (WireMessage m : rpc.publish()) {
      w.message(2, message(m, true));
    }
    if (rpc.control() != null && !rpc.control().isEmpty()) {
      w.message(3, control(rpc.control()));
    }
    return w.toByteArray();
  }

  /** The bytes a signature covers: the message without signature and key, after the prefix. */
  static byte[] signedBytes(WireMessage m) {
    byte[] body = message(m, false).toByteArray();
    byte[] out = new byte[PubsubProtocol.SIGN_PREFIX.length + body.length];
    System.arraycopy(PubsubProtocol.SIGN_PREFIX, 0, out, 0, PubsubProtocol.SIGN_PREFIX.length);
    System.arraycopy(body, 0, out, PubsubProtocol.SIGN_PREFIX.length, body.length);
    return out;
  }

  private static ProtoWriter message(WireMessage m, boolean withSignature) {
    ProtoWriter w =
        new ProtoWriter()
            .bytes(1, m.from())
            .bytes(2, m.data())
            .bytes(3, m.seqno())
            .string(4, m.topic());
    if (withSignature) {
      w.bytes(5, m.signature()).bytes(6, m.key());
    }
    return w;
  }

  private static ProtoWriter control(Control c) {
    ProtoWriter w = new ProtoWriter();
    for (IHave h : c.ihave()) {
      ProtoWriter hw = new ProtoWriter().string(1, h.topic());
      h.messageIds().forEach(id -> hw.bytes(2, id));
      w.message(1, hw);
    }
    for (IWant i : c.iwant()) {
      ProtoWriter iw = new ProtoWriter();
      i.messageIds().forEach(id -> iw.bytes(1, id));
      w.message(2, iw);
    }
    for (Graft g : c.graft()) {
      w.message(3, new ProtoWriter().string(1, g.topic()));
    }
    for (Prune p : c.prune()) {
      ProtoWriter pw = new ProtoWriter().string(1, p.topic());
      if (p.backoffSeconds() > 0) {
        pw.uint64(3, p.backoffSeconds());
      }
      w.message(4, pw);
    }
    return w;
  }

  public static PubsubFrame decode(byte[] bytes) {
    ProtoReader r = new ProtoReader(bytes);
    List<SubOpts> subs = new ArrayList<>();
    List<WireMessage> msgs = new ArrayList<>();
    Control control = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> subs.add(subOpts(r.message()));
        case 2 -> msgs.add(wireMessage(r.message()));
        case 3 -> control = control(r.message());
        default -> r.skip();
      }
    }
    return new PubsubFrame(subs, msgs, control);
  }

  private static SubOpts subOpts(ProtoReader r) {
    boolean subscribe = false;
    String topic = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> subscribe = r.bool();
        case 2 -> topic = r.string();
        default -> r.skip();
      }
    }
    return new SubOpts(subscribe, topic);
  }

  private static WireMessage wireMessage(ProtoReader r) {
    byte[] from = null;
    byte[] data = null;
    byte[] seqno = null;
    String topic = null;
    byte[] sig = null;
    byte[] key = null;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> from = r.bytes();
        case 2 -> data = r.bytes();
        case 3 -> seqno = r.bytes();
        case 4 -> topic = r.string();
        case 5 -> sig = r.bytes();
        case 6 -> key = r.bytes();
        default -> r.skip();
      }
    }
    return new WireMessage(from, data, seqno, topic, sig, key);
  }

  private static Control control(ProtoReader r) {
    List<IHave> ihave = new ArrayList<>();
    List<IWant> iwant = new ArrayList<>();
    List<Graft> graft = new ArrayList<>();
    List<Prune> prune = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> ihave.add(ihave(r.message()));
        case 2 -> iwant.add(new IWant(ids(r.message(), 1)));
        case 3 -> graft.add(new Graft(topicOnly(r.message())));
        case 4 -> prune.add(prune(r.message()));
        default -> r.skip();
      }
    }
    return new Control(ihave, iwant, graft, prune);
  }

  private static IHave ihave(ProtoReader r) {
    String topic = null;
    List<byte[]> ids = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> topic = r.string();
        case 2 -> ids.add(r.bytes());
        default -> r.skip();
      }
    }
    return new IHave(topic, ids);
  }

  private static List<byte[]> ids(ProtoReader r, int field) {
    List<byte[]> ids = new ArrayList<>();
    for (int f; (f = r.next()) != 0; ) {
      if (f == field) {
        ids.add(r.bytes());
      } else {
        r.skip();
      }
    }
    return ids;
  }

  private static String topicOnly(ProtoReader r) {
    String topic = null;
    for (int f; (f = r.next()) != 0; ) {
      if (f == 1) {
        topic = r.string();
      } else {
        r.skip();
      }
    }
    return topic;
  }

  private static Prune prune(ProtoReader r) {
    String topic = null;
    long backoff = 0;
    for (int f; (f = r.next()) != 0; ) {
      switch (f) {
        case 1 -> topic = r.string();
        case 3 -> backoff = r.uint64();
        default -> r.skip();
      }
    }
    return new Prune(topic, backoff);
  }
}
