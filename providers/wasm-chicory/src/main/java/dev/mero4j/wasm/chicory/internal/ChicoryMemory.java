package dev.mero4j.wasm.chicory.internal;

import com.dylibso.chicory.runtime.Memory;
import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.InvalidMemoryAccessException;

/** Bounds-checked view of a Chicory instance's memory (or of no memory at all). */
final class ChicoryMemory implements GuestMemory {
  private final Memory memory;

  ChicoryMemory(Memory memory) {
    this.memory = memory;
  }

  @Override
  public byte[] read(long address, int length) {
    check(address, length);
    return memory.readBytes((int) address, length);
  }

  @Override
  public void write(long address, byte[] bytes) {
    check(address, bytes.length);
    memory.write((int) address, bytes);
  }

  @Override
  public long size() {
    return memory == null ? 0 : (long) memory.pages() * Memory.PAGE_SIZE;
  }

  private void check(long address, int length) {
    if (address < 0 || length < 0 || address + length > size()) {
      throw new InvalidMemoryAccessException(
          "access of "
              + length
              + " bytes at "
              + address
              + " outside memory of "
              + size()
              + " bytes");
    }
  }
}
