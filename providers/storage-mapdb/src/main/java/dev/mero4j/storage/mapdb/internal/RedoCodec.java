package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.InvalidEntryException;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageLimits;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a redo record: {@code count}, then per operation a kind byte (0 put, 1 delete),
 * the keyspace name (one length byte, ASCII), the key and, for a put, the value (each an int length
 * and the bytes).
 */
final class RedoCodec {
  private static final byte PUT = 0;
  private static final byte DELETE = 1;

  private RedoCodec() {}

  /** Encodes {@code operations} after {@code headroom} bytes left for the frame. */
  static byte[] encode(List<Operation> operations, int headroom) {
    long size = headroom + 4L;
    for (Operation op : operations) {
      size += 2L + op.keyspace().length() + 4 + op.key().length;
      if (!op.isDelete()) {
        size += 4L + op.value().length;
      }
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new StorageException("a batch of " + size + " bytes is too large for one write");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.position(headroom);
    out.putInt(operations.size());
    for (Operation op : operations) {
      out.put(op.isDelete() ? DELETE : PUT);
      byte[] name = op.keyspace().getBytes(StandardCharsets.US_ASCII);
      out.put((byte) name.length).put(name);
      out.putInt(op.key().length).put(op.key());
      if (!op.isDelete()) {
        out.putInt(op.value().length).put(op.value());
      }
    }
    return out.array();
  }

  /**
   * Decodes a payload whose checksum matched; anything that is still not a valid batch throws
   * {@link IllegalArgumentException} with the reason.
   */
  static List<Operation> decode(ByteBuffer in) {
    try {
      int count = in.getInt();
      if (count <= 0 || count > in.remaining() / 8) {
        throw new IllegalArgumentException("impossible operation count " + count);
      }
      List<Operation> operations = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte kind = in.get();
        if (kind != PUT && kind != DELETE) {
          throw new IllegalArgumentException("unknown operation kind " + kind);
        }
        String keyspace = new String(bytes(in, in.get() & 0xff), StandardCharsets.US_ASCII);
        StorageLimits.checkKeyspace(keyspace);
        byte[] key = bytes(in, in.getInt());
        StorageLimits.checkKey(key);
        byte[] value = kind == DELETE ? null : bytes(in, in.getInt());
        if (value != null) {
          StorageLimits.checkValue(value);
        }
        operations.add(new Operation(keyspace, key, value));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last operation");
      }
      return operations;
    } catch (InvalidEntryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("an operation runs past the end of the record", e);
    }
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("a length of " + length + " runs past the record");
    }
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }
}
