package dev.mero4j.runtime.internal.host;

import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything one call of an app method sees and produces: its input, the transaction its writes go
 * to, registers, output, events and logs. Discarded with the call.
 */
public final class CallFrame {
  private final ContextId context;
  private final PublicKey executor;
  private final Transaction tx;
  private final boolean readOnly;
  private final byte[] input;
  private final long timeNanos;
  private final Supplier<byte[]> randomSeed;
  private final RuntimeLimits limits;
  private final Map<Long, byte[]> registers = new HashMap<>();
  private final Map<EntityId, FieldRef> fieldRefs = new HashMap<>();
  private final List<AppEvent> events = new ArrayList<>();
  private final List<String> logs = new ArrayList<>();
  private long registerBytes;
  private long randomCounter;
  private byte[] output;
  private String errorJson;

  public CallFrame(
      ContextId context,
      PublicKey executor,
      Transaction tx,
      boolean readOnly,
      byte[] input,
      long timeNanos,
      Supplier<byte[]> randomSeed,
      RuntimeLimits limits) {
    this.context = context;
    this.executor = executor;
    this.tx = tx;
    this.readOnly = readOnly;
    this.input = input;
    this.timeNanos = timeNanos;
    this.randomSeed = randomSeed;
    this.limits = limits;
  }

  /** A field reached through its parent: an LWW register, a user storage or a frozen storage. */
  public record FieldRef(EntityId parent, byte[] key) {}

  public ContextId context() {
    return context;
  }

  public PublicKey executor() {
    return executor;
  }

  public Transaction tx() {
    return tx;
  }

  public boolean readOnly() {
    return readOnly;
  }

  public byte[] input() {
    return input;
  }

  public long timeNanos() {
    return timeNanos;
  }

  public RuntimeLimits limits() {
    return limits;
  }

  /** Fails the call when a read-only method tries to write. */
  public void requireWritable(String operation) {
    if (readOnly) {
      throw new AbiViolationException(operation + " in a read-only method");
    }
  }

  public void setRegister(long id, byte[] bytes) {
    byte[] old = registers.get(id);
    long total = registerBytes - (old == null ? 0 : old.length) + bytes.length;
    if (old == null && registers.size() >= limits.maxRegisters()) {
      throw new HostLimitException(
          "more than " + limits.maxRegisters() + " registers", limits.maxRegisters());
    }
    if (total > limits.maxRegisterBytes()) {
      throw new HostLimitException(
          "registers hold more than " + limits.maxRegisterBytes() + " bytes",
          limits.maxRegisterBytes());
    }
    registers.put(id, bytes);
    registerBytes = total;
  }

  public byte[] register(long id) {
    return registers.get(id);
  }

  public void rememberField(EntityId handle, FieldRef ref) {
    fieldRefs.put(handle, ref);
  }

  public FieldRef fieldRef(EntityId handle) {
    FieldRef ref = fieldRefs.get(handle);
    if (ref == null) {
      throw new AbiViolationException(
          "unknown handle "
              + handle.toHex()
              + "; get it from mero_root or a *_child function first");
    }
    return ref;
  }

  public void setOutput(byte[] json) {
    if (json.length > limits.maxReturnBytes()) {
      throw new HostLimitException(
          "return value of " + json.length + " bytes exceeds " + limits.maxReturnBytes(),
          limits.maxReturnBytes());
    }
    output = json;
  }

  public byte[] output() {
    return output;
  }

  public void setError(String json) {
    errorJson = json;
  }

  public String errorJson() {
    return errorJson;
  }

  public void log(String line) {
    if (logs.size() >= limits.maxLogs()) {
      throw new HostLimitException(
          "more than " + limits.maxLogs() + " log lines", limits.maxLogs());
    }
    logs.add(line);
  }

  public List<String> logs() {
    return logs;
  }

  public void emit(AppEvent event) {
    if (events.size() >= limits.maxEvents()) {
      throw new HostLimitException(
          "more than " + limits.maxEvents() + " events", limits.maxEvents());
    }
    events.add(event);
  }

  public List<AppEvent> events() {
    return events;
  }

  /** Deterministic bytes: SHA-256 in counter mode over the call's seed. */
  public byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    for (int off = 0; off < length; off += Hash.LENGTH) {
      byte[] counter = java.nio.ByteBuffer.allocate(8).putLong(randomCounter++).array();
      byte[] block = Hash.sha256(randomSeed.get(), counter).toBytes();
      System.arraycopy(block, 0, out, off, Math.min(Hash.LENGTH, length - off));
    }
    return out;
  }
}
