package dev.mero4j.replication.internal;

import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.MalformedEncodingException;
import dev.mero4j.runtime.api.ContextSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The byte image of a {@link ContextSnapshot} that snapshot pages carry: deflated {@code u8 version
 * ‖ root ‖ heads ‖ known ids ‖ bytes state}.
 *
 * @see <a href="../../../../../../../docs/wire-format.md">docs/wire-format.md, "Snapshot image"</a>
 */
public final class SnapshotImage {
  static final int VERSION = 1;

  /** Largest inflated image accepted: bounds what a lying peer can make a node allocate. */
  public static final int MAX_INFLATED = 512 << 20;

  private SnapshotImage() {}

  /** The deflated image of a snapshot. */
  public static byte[] encode(ContextSnapshot snapshot) {
    BinaryWriter out =
        new BinaryWriter(snapshot.state().length + 32 * snapshot.known().size() + 128);
    out.version(VERSION).id(snapshot.root()).varint(snapshot.heads().size());
    snapshot.heads().forEach(out::id);
    out.varint(snapshot.known().size());
    snapshot.known().forEach(out::id);
    out.bytes(snapshot.state());
    byte[] plain = out.toByteArray();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(plain);
      deflater.finish();
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(plain.length / 2 + 64);
      byte[] buffer = new byte[64 << 10];
      while (!deflater.finished()) {
        compressed.write(buffer, 0, deflater.deflate(buffer));
      }
      return compressed.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates and decodes an image; anything malformed or oversized is a {@link
   * MalformedEncodingException}.
   */
  public static ContextSnapshot decode(byte[] deflated) {
    byte[] plain = inflate(deflated);
    try {
      BinaryReader in = new BinaryReader(plain);
      in.version("snapshot image", VERSION);
      Hash root = Hash.of(in.id());
      List<DeltaId> heads = ids(in);
      List<DeltaId> known = ids(in);
      byte[] state = in.bytes(MAX_INFLATED);
      in.expectEnd();
      return new ContextSnapshot(root, heads, known, state);
    } catch (IllegalArgumentException e) {
      throw new MalformedEncodingException("malformed snapshot image: " + e.getMessage());
    }
  }

  private static List<DeltaId> ids(BinaryReader in) {
    int count = in.length(in.remaining() / 32);
    List<DeltaId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(DeltaId.of(in.id()));
    }
    return ids;
  }

  private static byte[] inflate(byte[] deflated) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 3 + 64);
      byte[] buffer = new byte[64 << 10];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new MalformedEncodingException("snapshot image is truncated");
        }
        if (out.size() + n > MAX_INFLATED) {
          throw new MalformedEncodingException(
              "snapshot image inflates beyond " + MAX_INFLATED + " bytes");
        }
        out.write(buffer, 0, n);
      }
      if (inflater.getRemaining() > 0) {
        throw new MalformedEncodingException("trailing bytes after the snapshot image");
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new MalformedEncodingException("snapshot image does not inflate: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }
}
