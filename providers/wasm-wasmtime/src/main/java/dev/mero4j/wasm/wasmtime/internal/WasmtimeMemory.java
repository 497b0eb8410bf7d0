package dev.mero4j.wasm.wasmtime.internal;

import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.InvalidMemoryAccessException;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import java.nio.ByteBuffer;

/** Bounds-checked view of a Wasmtime memory; the buffer is re-read because memory can grow. */
final class WasmtimeMemory implements GuestMemory {
  private final Store<Void> store;
  private final Memory memory;

  WasmtimeMemory(Store<Void> store, Memory memory) {
    this.store = store;
    this.memory = memory;
  }

  @Override
  public byte[] read(long address, int length) {
    ByteBuffer buffer = check(address, length);
    byte[] out = new byte[length];
    buffer.get((int) address, out);
    return out;
  }

  @Override
  public void write(long address, byte[] bytes) {
    ByteBuffer buffer = check(address, bytes.length);
    buffer.put((int) address, bytes);
  }

  @Override
  public long size() {
    return memory == null ? 0 : memory.dataSize(store);
  }

  private ByteBuffer check(long address, int length) {
    long size = size();
    if (address < 0 || length < 0 || address + length > size) {
      throw new InvalidMemoryAccessException(
          "access of " + length + " bytes at " + address + " outside memory of " + size + " bytes");
    }
    return memory.buffer(store);
  }
}
