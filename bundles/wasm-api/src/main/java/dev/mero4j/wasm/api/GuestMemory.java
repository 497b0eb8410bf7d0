package dev.mero4j.wasm.api;

/** Bounds-checked access to a module's linear memory. */
public interface GuestMemory {
  byte[] read(int address, int length);

  void write(int address, byte[] bytes);

  /** Current size in bytes. */
  long size();
}
