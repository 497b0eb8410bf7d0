package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.Message;
import dev.mero4j.transport.api.MessageHandler;
import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.TopicValidator;
import dev.mero4j.transport.api.TopicValidator.Result;
import dev.mero4j.transport.libp2p.internal.util.Varint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The data of one gossip message on a Mero4j topic: several application payloads that one signature
 * covers (docs/wire-format.md, "Gossip payload batches").
 *
 * <pre>
 *   u8 tag = 0xB1 ‖ varint n (1 … MAX_COUNT) ‖ n × (varint length ‖ payload)
 * </pre>
 *
 * The whole message is refused if any byte is out of place: a wrong tag, a count of zero or above
 * the cap, a length past the end, or bytes left over.
 */
public final class PayloadBatch {
  /** Topics whose messages are batches; every other topic carries one plain payload per message. */
  public static final String TOPIC_PREFIX = "/mero4j/";

  /** Most payloads in one batch. */
  public static final int MAX_COUNT = 4096;

  /** Room the frame needs besides the payload bytes when the batch holds one payload. */
  public static final int OVERHEAD_OF_ONE = 1 + 1 + 5;

  /** Largest payload a batched topic accepts: it must fit a gossip message alone. */
  public static final int MAX_PAYLOAD = PubsubProtocol.MAX_PAYLOAD - OVERHEAD_OF_ONE;

  static final int TAG = 0xB1;

  private PayloadBatch() {}

  /** True for topics whose messages carry batches. */
  public static boolean batched(String topic) {
    return topic.startsWith(TOPIC_PREFIX);
  }

  /** The bytes {@code payload} adds to a batch. */
  static int cost(byte[] payload) {
    return Varint.size(payload.length) + payload.length;
  }

  /** Encodes {@code payloads} (1 … MAX_COUNT of them) as the data of one message. */
  public static byte[] encode(List<byte[]> payloads) {
    if (payloads.isEmpty() || payloads.size() > MAX_COUNT) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_COUNT + " payloads");
    }
    int size = 1 + Varint.size(payloads.size());
    for (byte[] p : payloads) {
      size += cost(p);
    }
    byte[] out = new byte[size];
    out[0] = (byte) TAG;
    int at = Varint.write(out, 1, payloads.size());
    for (byte[] p : payloads) {
      at = Varint.write(out, at, p.length);
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** The payloads of a batch; throws {@link ProtocolViolationException} on any defect. */
  public static List<byte[]> decode(byte[] data) {
    return read(data, true);
  }

  /**
   * Checks a batch as {@link #decode} does without copying its payloads: the router's validation
   * runs before delivery, which decodes the same bytes once.
   */
  static void check(byte[] data) {
    read(data, false);
  }

  /** Walks the frame; {@code keep}: copies out the payloads (else returns an empty list). */
  private static List<byte[]> read(byte[] data, boolean keep) {
    Reader in = new Reader(data);
    if (data.length == 0 || (data[0] & 0xFF) != TAG) {
      throw new ProtocolViolationException("gossip batch without its tag");
    }
    in.at = 1;
    long n = in.varint();
    if (n < 1 || n > MAX_COUNT) {
      throw new ProtocolViolationException("gossip batch of " + n + " payloads");
    }
    List<byte[]> out = new ArrayList<>(keep ? (int) n : 0);
    for (long i = 0; i < n; i++) {
      long length = in.varint();
      if (length > data.length - in.at) {
        throw new ProtocolViolationException("gossip batch payload runs past the end");
      }
      if (keep) {
        out.add(Arrays.copyOfRange(data, in.at, in.at + (int) length));
      }
      in.at += (int) length;
    }
    if (in.at != data.length) {
      throw new ProtocolViolationException(
          "gossip batch has " + (data.length - in.at) + " bytes after its last payload");
    }
    return out;
  }

  /**
   * Delivers each payload of a batch to {@code handler} as its own message, except those the
   * topic's validator (from {@code validator}, null: none) does not accept.
   */
  public static MessageHandler unpacking(
      MessageHandler handler, Supplier<TopicValidator> validator) {
    return m -> {
      TopicValidator v = validator.get();
      for (byte[] p : decode(m.payload())) {
        Message one = new Message(m.topic(), m.from(), p, m.via());
        if (v == null || v.validate(one) == Result.ACCEPT) {
          handler.onMessage(one);
        }
      }
    };
  }

  /**
   * Judges a batch: REJECT if it does not decode or any payload is rejected by the topic's
   * validator (from {@code validators}, null: none); IGNORE if every payload is ignored; ACCEPT
   * otherwise. The router forwards an accepted batch whole (it cannot split a signed message);
   * {@link #unpacking} delivers only the payloads the validator accepts.
   */
  public static TopicValidator validating(Supplier<TopicValidator> validators) {
    return m -> {
      TopicValidator validator = validators.get();
      List<byte[]> payloads;
      try {
        if (validator == null) {
          check(m.payload());
          return Result.ACCEPT;
        }
        payloads = decode(m.payload());
      } catch (ProtocolViolationException e) {
        return Result.REJECT;
      }
      boolean anyAccepted = false;
      for (byte[] p : payloads) {
        Result r = validator.validate(new Message(m.topic(), m.from(), p, m.via()));
        if (r == Result.REJECT) {
          return Result.REJECT;
        }
        anyAccepted |= r == Result.ACCEPT;
      }
      return anyAccepted ? Result.ACCEPT : Result.IGNORE;
    };
  }

  /** A cursor over the frame. */
  private static final class Reader {
    private final byte[] data;
    private int at;

    Reader(byte[] data) {
      this.data = data;
    }

    long varint() {
      long value = 0;
      for (int i = 0; i < 5; i++) {
        if (at >= data.length) {
          throw new ProtocolViolationException("gossip batch ends inside a varint");
        }
        int b = data[at++] & 0xFF;
        value |= (long) (b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new ProtocolViolationException("gossip batch varint longer than 5 bytes");
    }
  }
}
