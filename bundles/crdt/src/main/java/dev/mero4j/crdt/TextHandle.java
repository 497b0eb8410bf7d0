package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.crdt.internal.Sequence;
import dev.mero4j.crdt.internal.Stamp;
import java.util.List;

/**
 * An RGA text: insert and delete by code-point index, O(log n) per position lookup; concurrent
 * inserts at one position all survive, ordered by descending (counter, replica key).
 */
public final class TextHandle {
  private final Transaction tx;
  private final Entity entity;

  TextHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  /** Length in code points. */
  public int length() {
    Sequence seq = entity.sequence();
    return seq == null ? 0 : seq.size();
  }

  public String read() {
    StringBuilder out = new StringBuilder();
    if (entity.sequence() != null) {
      entity.sequence().appendText(out);
    }
    return out.toString();
  }

  /** Inserts {@code text} so its first code point lands at {@code index}. */
  public void insert(int index, String text) {
    if (index < 0 || index > length()) {
      throw new IndexOutOfBoundsException(index + " of " + length());
    }
    if (text.isEmpty()) {
      return;
    }
    tx.writable();
    Stamp s = tx.nextStamp();
    Action action = tx.tree().insertTextAt(entity, index, text, s, tx.cursor());
    tx.record(action, tx.cursor() + text.codePointCount(0, text.length()));
  }

  /** Appends {@code text} at the end. */
  public void append(String text) {
    insert(length(), text);
  }

  /** Deletes {@code count} code points starting at {@code index}. */
  public void delete(int index, int count) {
    if (index < 0 || count < 0 || index + count > length()) {
      throw new IndexOutOfBoundsException(index + "+" + count + " of " + length());
    }
    if (count == 0) {
      return;
    }
    tx.writable();
    List<Action> actions = tx.tree().deleteTextAt(entity, index, count);
    Stamp last = null;
    for (Action action : actions) {
      last = tx.nextStamp();
      tx.record(action, tx.cursor());
    }
    tx.tree().touch(entity, last);
  }

  /** Deletes the first occurrence of {@code text}; returns whether it was found. */
  public boolean delete(String text) {
    int at = read().indexOf(text);
    if (at < 0) {
      return false;
    }
    delete(read().codePointCount(0, at), text.codePointCount(0, text.length()));
    return true;
  }

  /** The stable id of the code point at {@code index}. */
  public ElementId elementAt(int index) {
    return tx.tree().elementId(entity.sequence().liveAt(index).id());
  }

  /** The current index of a live element, or -1 if deleted or unknown: O(log n). */
  public int indexOf(ElementId element) {
    Sequence seq = entity.sequence();
    Sequence.Pos pos = seq == null ? null : seq.locate(tx.tree().pack(element));
    if (pos == null || !Sequence.isLive(pos)) {
      return -1;
    }
    return seq.liveIndexOf(pos);
  }
}
