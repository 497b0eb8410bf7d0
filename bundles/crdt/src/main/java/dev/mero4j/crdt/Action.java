package dev.mero4j.crdt;

import java.util.Arrays;
import java.util.Objects;

/**
 * One change inside a {@link Delta}. Every action is stamped with the delta's hybrid timestamp,
 * author and its index in the delta; sequence inserts take their element counters, in order, from
 * the delta's Lamport start. Actions are idempotent and, delivered in causal order, commute.
 */
public sealed interface Action {
  /** The entity the action changes. */
  EntityId target();

  /** Sets the register entry {@code key} of a keyed collection (last writer wins). */
  record Put(EntityId target, byte[] key, byte[] value) implements Action {
    public Put {
      Objects.requireNonNull(target);
      key = key.clone();
      value = value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p
          && target.equals(p.target)
          && Arrays.equals(key, p.key)
          && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + Arrays.hashCode(key);
    }
  }

  /** Tombstones entry {@code key}: hides it and everything under it written before this stamp. */
  record Remove(EntityId target, byte[] key) implements Action {
    public Remove {
      Objects.requireNonNull(target);
      key = key.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Remove r && target.equals(r.target) && Arrays.equals(key, r.key);
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + Arrays.hashCode(key);
    }
  }

  /** Creates (or re-asserts) a nested collection of {@code type} under {@code key}. */
  record Create(EntityId target, byte[] key, CrdtType type) implements Action {
    public Create {
      Objects.requireNonNull(target);
      key = key.clone();
      if (!type.isCollection()) {
        throw new IllegalArgumentException("not a collection type: " + type);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Create c
          && target.equals(c.target)
          && Arrays.equals(key, c.key)
          && type == c.type;
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + Arrays.hashCode(key);
    }
  }

  /** Raises the author's slot of a counter to these running totals (merge = per-slot max). */
  record CounterSet(EntityId target, long positive, long negative) implements Action {
    public CounterSet {
      Objects.requireNonNull(target);
      if (positive < 0 || negative < 0) {
        throw new IllegalArgumentException("counter totals are non-negative");
      }
    }
  }

  /** Inserts {@code text} (code points) after {@code origin} in an RGA text. */
  record TextInsert(EntityId target, ElementId origin, String text) implements Action {
    public TextInsert {
      Objects.requireNonNull(target);
      Objects.requireNonNull(origin);
      if (text.isEmpty()) {
        throw new IllegalArgumentException("empty insert");
      }
    }

    /** Number of element counters this insert consumes. */
    public int length() {
      return text.codePointCount(0, text.length());
    }
  }

  /**
   * Deletes {@code count} elements with consecutive counters from {@code first}'s replica, in an
   * RGA text or a vector.
   */
  record TextDelete(EntityId target, ElementId first, int count) implements Action {
    public TextDelete {
      Objects.requireNonNull(target);
      if (first.isHead() || count < 1) {
        throw new IllegalArgumentException("delete needs a real element and count >= 1");
      }
    }
  }

  /**
   * Inserts a vector element after {@code origin}; the element's entity holds {@code value} when
   * {@code type} is a register, else a fresh nested collection of {@code type}.
   */
  record ListInsert(EntityId target, ElementId origin, CrdtType type, byte[] value)
      implements Action {
    public ListInsert {
      Objects.requireNonNull(target);
      Objects.requireNonNull(origin);
      if (type == CrdtType.NONE) {
        throw new IllegalArgumentException("element type NONE");
      }
      value = value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ListInsert l
          && target.equals(l.target)
          && origin.equals(l.origin)
          && type == l.type
          && Arrays.equals(value, l.value);
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + origin.hashCode();
    }
  }

  /** Sets the author's own slot of a user storage. */
  record UserPut(EntityId target, byte[] value) implements Action {
    public UserPut {
      Objects.requireNonNull(target);
      value = value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UserPut u && target.equals(u.target) && Arrays.equals(value, u.value);
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + Arrays.hashCode(value);
    }
  }

  /** Adds an immutable value to a frozen storage under the SHA-256 of its bytes. */
  record FrozenPut(EntityId target, byte[] value) implements Action {
    public FrozenPut {
      Objects.requireNonNull(target);
      value = value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FrozenPut f && target.equals(f.target) && Arrays.equals(value, f.value);
    }

    @Override
    public int hashCode() {
      return target.hashCode() * 31 + Arrays.hashCode(value);
    }
  }
}
