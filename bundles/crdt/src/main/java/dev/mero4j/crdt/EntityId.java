package dev.mero4j.crdt;

import dev.mero4j.primitives.Bytes32;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.Hex;
import java.nio.charset.StandardCharsets;

/**
 * The deterministic id of an entity in a context's state tree: {@code SHA-256(parent ‖ 0x01 ‖
 * key)}, so every replica derives the same id for the same path without coordination.
 */
public final class EntityId extends Bytes32 {
  private static final byte CHILD_TAG = 0x01;

  /**
   * Levels of nested collections below the root. Deeper nesting is refused when written and when
   * decoded, so the state hasher and the snapshot codec, which recurse per level, stay far from the
   * thread stack's limit whatever a peer sends.
   */
  public static final int MAX_DEPTH = 128;

  /** The id of every context's root entity. */
  public static final EntityId ROOT =
      new EntityId(Hash.sha256("mero4j/root".getBytes(StandardCharsets.UTF_8)).toBytes());

  private EntityId(byte[] bytes) {
    super(bytes);
  }

  public static EntityId of(byte[] bytes) {
    return new EntityId(bytes);
  }

  public static EntityId fromHex(String hex) {
    return new EntityId(Hex.decode(hex));
  }

  /** The id of the child stored under {@code key} (a map key, field name or element key). */
  public EntityId child(byte[] key) {
    byte[] input = new byte[LENGTH + 1 + key.length];
    copyTo(input, 0);
    input[LENGTH] = CHILD_TAG;
    System.arraycopy(key, 0, input, LENGTH + 1, key.length);
    return new EntityId(Hash.sha256Bytes(input));
  }

  /** The id of the child stored under the UTF-8 bytes of {@code field}. */
  public EntityId child(String field) {
    return child(field.getBytes(StandardCharsets.UTF_8));
  }
}
