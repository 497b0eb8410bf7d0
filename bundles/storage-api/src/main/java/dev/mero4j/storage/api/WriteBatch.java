package dev.mero4j.storage.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An ordered list of puts and deletes, possibly across keyspaces, committed atomically. */
public final class WriteBatch {
  private final List<Operation> operations = new ArrayList<>();

  public WriteBatch put(String keyspace, byte[] key, byte[] value) {
    operations.add(new Operation(keyspace, key.clone(), Objects.requireNonNull(value).clone()));
    return this;
  }

  public WriteBatch delete(String keyspace, byte[] key) {
    operations.add(new Operation(keyspace, key.clone(), null));
    return this;
  }

  /** Appends the operations of {@code other}, in order, without copying their bytes again. */
  public WriteBatch addAll(WriteBatch other) {
    operations.addAll(other.operations);
    return this;
  }

  public List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }

  public int size() {
    return operations.size();
  }

  /** A put (value present) or a delete (value null). */
  public record Operation(String keyspace, byte[] key, byte[] value) {
    public Operation {
      Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(key, "key");
    }

    public boolean isDelete() {
      return value == null;
    }
  }
}
