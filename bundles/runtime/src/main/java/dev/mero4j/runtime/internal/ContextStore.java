package dev.mero4j.runtime.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mero4j.membership.GovernanceLog;
import dev.mero4j.membership.MemberIdentity;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.MalformedEncodingException;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's own records, next to the causal DAG (keyspace {@code dag}) that holds deltas and
 * checkpoints:
 *
 * <pre>
 *   contexts      ctx                       -> v3 app id, member identity secret (65 B),
 *                                              rendezvous secret (32 B)
 *   ctx-envelopes ctx ‖ delta id            -> the delta envelope sealed under the context key
 *                                              (served to peers as-is; encrypted at rest)
 *   ctx-handlers  ctx ‖ delta id ‖ n (4 B)  -> v1 handler method, event data: handlers still to run
 * </pre>
 *
 * The governance log and key ring of each context live in the membership module's keyspace.
 */
public final class ContextStore {
  static final String CONTEXTS = "contexts";
  static final String ENVELOPES = "ctx-envelopes";
  static final String HANDLERS = "ctx-handlers";

  /** The DAG module's keyspace; deleting a context clears its records there too. */
  static final String DAG = "dag";

  private static final int VERSION = 1;

  /**
   * Version of a context record: 2 holds a member identity (signing seed and agreement key), 3 adds
   * the rendezvous secret.
   */
  private static final int RECORD_VERSION = 3;

  private static final int MEMBER_RECORD_VERSION = 2;
  private static final byte[] LEGACY_RENDEZVOUS = "mero4j/rendezvous-v2-record/1".getBytes(UTF_8);

  /** Bytes of a context's rendezvous secret. */
  public static final int RENDEZVOUS_BYTES = 32;

  private static final System.Logger LOG = System.getLogger(ContextStore.class.getName());

  /** Largest event payload read back from storage. */
  private static final int MAX_RECORD = 64 << 20;

  private final StorageEngine storage;

  public ContextStore(StorageEngine storage) {
    this.storage = storage;
  }

  /**
   * A stored context: which app it runs, the member identity this node holds in it and the
   * context's rendezvous secret (shared by its members, carried in invitations).
   */
  public record ContextRecord(
      ContextId id, ApplicationId app, MemberIdentity member, byte[] rendezvous) {
    public ContextRecord {
      rendezvous = rendezvous.clone();
    }

    @Override
    public byte[] rendezvous() {
      return rendezvous.clone();
    }

    @Override
    public String toString() {
      return "ContextRecord[" + id + ", " + app + ", " + member.publicKey() + "]";
    }
  }

  /** A handler an event asked receiving nodes to run. */
  public record HandlerJob(byte[] key, String method, String argsJson) {}

  public StorageEngine storage() {
    return storage;
  }

  public void putContext(WriteBatch batch, ContextRecord record) {
    batch.put(
        CONTEXTS,
        record.id().toBytes(),
        new BinaryWriter()
            .version(RECORD_VERSION)
            .id(record.app())
            .bytes(record.member().toSecretBytes())
            .raw(record.rendezvous())
            .toByteArray());
  }

  public List<ContextRecord> contexts() {
    List<ContextRecord> all = new ArrayList<>();
    try (KeyValueCursor cursor = storage.keyspace(CONTEXTS).range(null, null)) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        BinaryReader in = new BinaryReader(kv.value());
        int version = in.u8();
        if (version != RECORD_VERSION && version != MEMBER_RECORD_VERSION) {
          LOG.log(
              System.Logger.Level.WARNING,
              "context {0} was stored before membership (record v1); skipped",
              ContextId.of(kv.key()));
          continue;
        }
        ContextId id = ContextId.of(kv.key());
        ApplicationId app = ApplicationId.of(in.id());
        MemberIdentity member = MemberIdentity.fromSecretBytes(in.bytes(256));
        // A v2 record predates rendezvous secrets: every member derives the same one from the id.
        byte[] rendezvous =
            version == RECORD_VERSION
                ? in.raw(RENDEZVOUS_BYTES)
                : Hash.sha256(LEGACY_RENDEZVOUS, id.toBytes()).toBytes();
        all.add(new ContextRecord(id, app, member, rendezvous));
      }
    }
    return all;
  }

  public void putEnvelope(WriteBatch batch, ContextId ctx, DeltaId delta, byte[] envelope) {
    batch.put(ENVELOPES, key(ctx, delta), envelope);
  }

  public Optional<byte[]> envelope(ContextId ctx, DeltaId delta) {
    return storage.keyspace(ENVELOPES).get(key(ctx, delta));
  }

  /** Queues the handlers that {@code events} name, to run once the delta applied. */
  public void putHandlers(WriteBatch batch, ContextId ctx, DeltaId delta, List<AppEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      AppEvent e = events.get(i);
      if (e.handler().isPresent()) {
        byte[] k =
            ByteBuffer.allocate(68).put(ctx.toBytes()).put(delta.toBytes()).putInt(i).array();
        batch.put(
            HANDLERS,
            k,
            new BinaryWriter()
                .version(VERSION)
                .string(e.handler().get())
                .string(e.dataJson())
                .toByteArray());
      }
    }
  }

  /** Handlers queued for a context and not yet run, in queue order. */
  public List<HandlerJob> handlers(ContextId ctx) {
    List<HandlerJob> jobs = new ArrayList<>();
    try (KeyValueCursor cursor = storage.keyspace(HANDLERS).prefix(ctx.toBytes())) {
      while (cursor.hasNext()) {
        KeyValue kv = cursor.next();
        BinaryReader in = new BinaryReader(kv.value());
        in.version("handler job", VERSION);
        jobs.add(new HandlerJob(kv.key(), in.string(1 << 10), in.string(MAX_RECORD)));
      }
    }
    return jobs;
  }

  /** Whether {@code job} is still queued: no caller ran or dropped it since it was listed. */
  public boolean handlerQueued(HandlerJob job) {
    return storage.keyspace(HANDLERS).get(job.key()).isPresent();
  }

  public void deleteHandler(WriteBatch batch, HandlerJob job) {
    batch.delete(HANDLERS, job.key());
  }

  /** Deletes every record of a context, its DAG included, in one batch. */
  public void delete(ContextId ctx) {
    WriteBatch batch = new WriteBatch().delete(CONTEXTS, ctx.toBytes());
    for (String keyspace :
        List.of(
            ENVELOPES,
            HANDLERS,
            DAG,
            HistoryRecords.KEYSPACE,
            GovernanceLog.KEYSPACE,
            ContextJoining.INVITATIONS)) {
      try (KeyValueCursor cursor = storage.keyspace(keyspace).prefix(ctx.toBytes())) {
        while (cursor.hasNext()) {
          batch.delete(keyspace, cursor.next().key());
        }
      }
    }
    storage.write(batch);
  }

  public void write(WriteBatch batch) {
    if (!batch.isEmpty()) {
      storage.write(batch);
    }
  }

  private static byte[] key(ContextId ctx, DeltaId delta) {
    return ByteBuffer.allocate(64).put(ctx.toBytes()).put(delta.toBytes()).array();
  }

  /** Encoding of an event list: count, then kind, data and handler ("" for none) per event. */
  static final class EventCodec {
    private EventCodec() {}

    static byte[] encode(List<AppEvent> events) {
      BinaryWriter out = new BinaryWriter(64).version(VERSION).varint(events.size());
      for (AppEvent e : events) {
        out.string(e.kind()).string(e.dataJson()).string(e.handler().orElse(""));
      }
      return out.toByteArray();
    }

    static List<AppEvent> decode(byte[] bytes) {
      BinaryReader in = new BinaryReader(bytes);
      in.version("events", VERSION);
      long count = in.varint();
      if (count > RuntimeLimits.MAX_EVENTS) {
        throw new MalformedEncodingException(
            "a delta carries "
                + count
                + " events, more than the "
                + RuntimeLimits.MAX_EVENTS
                + " one call may emit");
      }
      List<AppEvent> events = new ArrayList<>((int) count);
      for (int i = 0; i < count; i++) {
        String kind = in.string(1 << 10);
        String data = in.string(MAX_RECORD);
        String handler = in.string(1 << 10);
        events.add(
            new AppEvent(kind, data, handler.isEmpty() ? Optional.empty() : Optional.of(handler)));
      }
      return events;
    }

    static void write(BinaryWriter out, List<AppEvent> events) {
      out.bytes(encode(events));
    }

    static List<AppEvent> read(BinaryReader in) {
      return decode(in.bytes(MAX_RECORD));
    }
  }
}
