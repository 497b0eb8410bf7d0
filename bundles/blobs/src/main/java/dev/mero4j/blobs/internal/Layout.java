package dev.mero4j.blobs.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import java.nio.ByteBuffer;

/**
 * Keys of the {@code blobs} keyspace: {@code 'm' ‖ context ‖ blob id} → sealed manifest, {@code 'c'
 * ‖ context ‖ address} → sealed chunk, {@code 'r' ‖ context ‖ address} → u64 number of references
 * from manifests. Every key starts with its context, so a context's blobs are one range.
 */
public final class Layout {
  /** The keyspace holding every blob of every context. */
  public static final String KEYSPACE = "blobs";

  private Layout() {}

  public static byte[] manifest(ContextId context, Hash blob) {
    return key('m', context, blob.toBytes());
  }

  /** The prefix of every manifest key of {@code context}. */
  public static byte[] manifests(ContextId context) {
    return ByteBuffer.allocate(33).put((byte) 'm').put(context.toBytes()).array();
  }

  /** The blob id at the end of a manifest key. */
  public static Hash blobOf(byte[] manifestKey) {
    return Hash.of(java.util.Arrays.copyOfRange(manifestKey, 33, 65));
  }

  /** The prefix of every key of one kind ({@code 'm'}, {@code 'c'} or {@code 'r'}) of a context. */
  public static byte[] prefix(char kind, ContextId context) {
    return ByteBuffer.allocate(33).put((byte) kind).put(context.toBytes()).array();
  }

  public static byte[] chunk(ContextId context, byte[] address) {
    return key('c', context, address);
  }

  public static byte[] refs(ContextId context, byte[] address) {
    return key('r', context, address);
  }

  public static long count(byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  public static byte[] count(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  private static byte[] key(char kind, ContextId context, byte[] id) {
    return ByteBuffer.allocate(65).put((byte) kind).put(context.toBytes()).put(id).array();
  }
}
