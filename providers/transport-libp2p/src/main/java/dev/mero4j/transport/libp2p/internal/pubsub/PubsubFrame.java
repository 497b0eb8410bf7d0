package dev.mero4j.transport.libp2p.internal.pubsub;

import java.util.List;

/**
 * One pubsub RPC: subscription changes, published messages and gossipsub control messages.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/pubsub/README.md#the-rpc">pubsub
 *     RPC</a>
 */
public record PubsubFrame(List<SubOpts> subscriptions, List<WireMessage> publish, Control control) {
  public PubsubFrame {
    subscriptions = List.copyOf(subscriptions);
    publish = List.copyOf(publish);
  }

  public static PubsubFrame ofMessage(WireMessage m) {
    return new PubsubFrame(List.of(), List.of(m), null);
  }

  public static PubsubFrame ofControl(Control c) {
    return new PubsubFrame(List.of(), List.of(), c);
  }

  public record SubOpts(boolean subscribe, String topic) {}

  /** A published message as on the wire; {@code from} is the author's binary peer id. */
  public record WireMessage(
      byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {}

  public record Control(
      List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {
    public Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
    }

    boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
    }
  }

  public record IHave(String topic, List<byte[]> messageIds) {}

  public record IWant(List<byte[]> messageIds) {}

  public record Graft(String topic) {}

  /** {@code backoffSeconds} is 0 when absent. */
  public record Prune(String topic, long backoffSeconds) {}
}
