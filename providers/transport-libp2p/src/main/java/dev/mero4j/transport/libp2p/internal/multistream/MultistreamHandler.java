package dev.mero4j.transport.libp2p.internal.multistream;

import dev.mero4j.transport.api.ProtocolViolationException;
import dev.mero4j.transport.api.UnsupportedProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The multistream-select state machine for one dialer or listener, independent of the byte carrier
 * (raw TCP, Noise or a Yamux stream).
 *
 * <pre>
 * dialer:   → header, proposal₁      listener: ← header
 *           ← header                           ← proposal  → header, (proposal | na)
 *           ← proposal₁ | na → proposal₂ …
 * </pre>
 */
public final class MultistreamHandler {
  private final boolean dialer;
  private final List<String> proposals;
  private final Predicate<String> supported;
  private final Consumer<ByteBuf> out;
  private final ByteBufAllocator alloc;
  private boolean headerSeen;
  private int attempt;
  private String selected;

  private MultistreamHandler(
      boolean dialer,
      List<String> proposals,
      Predicate<String> supported,
      Consumer<ByteBuf> out,
      ByteBufAllocator alloc) {
    this.dialer = dialer;
    this.proposals = proposals;
    this.supported = supported;
    this.out = out;
    this.alloc = alloc;
  }

  public static MultistreamHandler dialer(
      List<String> proposals, Consumer<ByteBuf> out, ByteBufAllocator alloc) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("no protocol to propose");
    }
    return new MultistreamHandler(true, List.copyOf(proposals), p -> false, out, alloc);
  }

  public static MultistreamHandler listener(
      Predicate<String> supported, Consumer<ByteBuf> out, ByteBufAllocator alloc) {
    return new MultistreamHandler(false, List.of(), supported, out, alloc);
  }

  /** Sends the opening messages; the dialer pipelines the header with its first proposal. */
  public void start() {
    if (dialer) {
      out.accept(
          MultistreamCodec.encode(
              alloc,
              new MultistreamFrame(MultistreamProtocol.ID),
              new MultistreamFrame(proposals.get(0))));
    }
  }

  /** The agreed protocol, or null while negotiating. */
  public String selected() {
    return selected;
  }

  /**
   * Consumes frames from {@code in} until a protocol is agreed; bytes after that stay in {@code
   * in}.
   *
   * @return the agreed protocol, or null when more bytes are needed
   */
  public String onData(ByteBuf in) {
    while (selected == null) {
      MultistreamFrame frame = MultistreamCodec.decode(in);
      if (frame == null) {
        return null;
      }
      if (!headerSeen) {
        if (!frame.line().equals(MultistreamProtocol.ID)) {
          throw new ProtocolViolationException(
              "expected " + MultistreamProtocol.ID + ", got " + frame.line());
        }
        headerSeen = true;
        if (!dialer) {
          out.accept(MultistreamCodec.encode(alloc, new MultistreamFrame(MultistreamProtocol.ID)));
        }
        continue;
      }
      if (dialer) {
        onAnswer(frame.line());
      } else {
        onProposal(frame.line());
      }
    }
    return selected;
  }

  private void onAnswer(String line) {
    String proposed = proposals.get(attempt);
    if (line.equals(proposed)) {
      selected = proposed;
    } else if (line.equals(MultistreamProtocol.NOT_AVAILABLE)) {
      attempt++;
      if (attempt >= proposals.size()) {
        throw new UnsupportedProtocolException("peer supports none of " + proposals);
      }
      out.accept(MultistreamCodec.encode(alloc, new MultistreamFrame(proposals.get(attempt))));
    } else {
      throw new ProtocolViolationException("unexpected multistream answer " + line);
    }
  }

  private void onProposal(String line) {
    if (++attempt > MultistreamProtocol.MAX_PROPOSALS) {
      throw new ProtocolViolationException("too many multistream proposals");
    }
    if (supported.test(line)) {
      selected = line;
      out.accept(MultistreamCodec.encode(alloc, new MultistreamFrame(line)));
    } else {
      out.accept(
          MultistreamCodec.encode(alloc, new MultistreamFrame(MultistreamProtocol.NOT_AVAILABLE)));
    }
  }
}
