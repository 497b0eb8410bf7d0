package dev.mero4j.crdt;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.primitives.Signature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A content-addressed change: causal parents plus the actions of one committed transaction. The id
 * is {@code SHA-256("mero4j/delta/1" ‖ body)} over the canonical body (author, stamp, Lamport
 * start, parents, actions). A signed delta carries the author's signature over {@code
 * "mero4j/delta-sig/1" ‖ id}; an unsigned one is authenticated by what carries it (the runtime's
 * envelope, which its author signs over the id), so a write costs one signature.
 */
public final class Delta {
  static final byte[] ID_DOMAIN = "mero4j/delta/1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SIG_DOMAIN = "mero4j/delta-sig/1".getBytes(StandardCharsets.US_ASCII);

  private final PublicKey author;
  private final long hlc;
  private final long lamport;
  private final List<DeltaId> parents;
  private final List<Action> actions;
  private final byte[] body;
  private final DeltaId id;
  private final Signature signature;
  private final long counterSpan;

  Delta(
      PublicKey author,
      long hlc,
      long lamport,
      List<DeltaId> parents,
      List<Action> actions,
      byte[] body,
      DeltaId id,
      Signature signature) {
    this.author = Objects.requireNonNull(author);
    this.hlc = hlc;
    this.lamport = lamport;
    this.parents = List.copyOf(parents);
    this.actions = List.copyOf(actions);
    this.body = body;
    this.id = id;
    this.signature = signature;
    this.counterSpan = spanOf(this.actions);
  }

  /**
   * Builds an unsigned delta, for a caller that signs what carries it (its author's signature over
   * the id must reach every reader); the parents are sorted so the id does not depend on their
   * order.
   *
   * @throws IllegalArgumentException with more than {@link DeltaCodec#MAX_PARENTS} parents
   */
  public static Delta unsigned(
      PublicKey author, long hlc, long lamport, List<DeltaId> parents, List<Action> actions) {
    List<DeltaId> sorted = sortedParents(parents);
    byte[] body = DeltaCodec.encodeBody(author, hlc, lamport, sorted, actions);
    return new Delta(author, hlc, lamport, sorted, actions, body, idOf(body), null);
  }

  /**
   * Builds and signs a delta; the parents are sorted so the id does not depend on their order.
   *
   * @throws IllegalArgumentException with more than {@link DeltaCodec#MAX_PARENTS} parents, which
   *     no decoder would accept
   */
  public static Delta sign(
      KeyPair author, long hlc, long lamport, List<DeltaId> parents, List<Action> actions) {
    List<DeltaId> sorted = sortedParents(parents);
    byte[] body = DeltaCodec.encodeBody(author.publicKey(), hlc, lamport, sorted, actions);
    DeltaId id = idOf(body);
    Signature signature = author.sign(signingMessage(id));
    return new Delta(author.publicKey(), hlc, lamport, sorted, actions, body, id, signature);
  }

  private static List<DeltaId> sortedParents(List<DeltaId> parents) {
    List<DeltaId> sorted =
        isAscending(parents) ? List.copyOf(parents) : parents.stream().sorted().distinct().toList();
    if (sorted.size() > DeltaCodec.MAX_PARENTS) {
      throw new IllegalArgumentException(
          sorted.size() + " parents exceed the limit of " + DeltaCodec.MAX_PARENTS);
    }
    return sorted;
  }

  /** Whether {@code ids} are strictly ascending, as a commit's heads come: then no sort is due. */
  private static boolean isAscending(List<DeltaId> ids) {
    for (int i = 1; i < ids.size(); i++) {
      if (ids.get(i - 1).compareTo(ids.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical body the id hashes, kept so encoding is a copy (never modified, never shared).
   */
  byte[] body() {
    return body;
  }

  static DeltaId idOf(byte[] body) {
    return DeltaId.of(Hash.sha256(ID_DOMAIN, body));
  }

  static byte[] signingMessage(DeltaId id) {
    byte[] message = new byte[SIG_DOMAIN.length + DeltaId.LENGTH];
    System.arraycopy(SIG_DOMAIN, 0, message, 0, SIG_DOMAIN.length);
    id.copyTo(message, SIG_DOMAIN.length);
    return message;
  }

  /** Whether the delta carries its own signature and it verifies against the author's key. */
  public boolean verifySignature() {
    return signature != null && author.verify(signingMessage(id), signature);
  }

  /**
   * Whether the delta carries its own signature (an unsigned one is authenticated by a carrier).
   */
  public boolean isSigned() {
    return signature != null;
  }

  public DeltaId id() {
    return id;
  }

  public PublicKey author() {
    return author;
  }

  /** The hybrid timestamp every action of this delta carries. */
  public long hlc() {
    return hlc;
  }

  /** The first Lamport counter of the elements this delta inserts. */
  public long lamport() {
    return lamport;
  }

  /** Sorted, distinct parent ids; empty for a delta on an empty context. */
  public List<DeltaId> parents() {
    return parents;
  }

  public List<Action> actions() {
    return actions;
  }

  /**
   * The author's signature of a signed delta.
   *
   * @throws IllegalStateException if the delta is unsigned
   */
  public Signature signature() {
    if (signature == null) {
      throw new IllegalStateException("delta " + id + " is unsigned");
    }
    return signature;
  }

  /** Number of element counters the actions consume. */
  public long counterSpan() {
    return counterSpan;
  }

  private static long spanOf(List<Action> actions) {
    long span = 0;
    for (Action a : actions) {
      if (a instanceof Action.TextInsert t) {
        span += t.length();
      } else if (a instanceof Action.ListInsert) {
        span++;
      }
    }
    return span;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Delta d && id.equals(d.id) && Objects.equals(signature, d.signature);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Delta[" + id + " by " + author + ", " + actions.size() + " actions]";
  }
}
