package dev.mero4j.wasm.api;

/**
 * Bounds-checked access to a module's linear memory; every access outside it throws {@link
 * InvalidMemoryAccessException}. Addresses are unsigned guest pointers held in a {@code long}.
 */
public interface GuestMemory {
  byte[] read(long address, int length);

  void write(long address, byte[] bytes);

  /** Current size in bytes. */
  long size();

  /** Reads a little-endian 64-bit value, the layout of Calimero's {@code Buffer} fields. */
  default long readLong(long address) {
    byte[] b = read(address, 8);
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (b[i] & 0xFF);
    }
    return value;
  }

  /** Writes a little-endian 64-bit value. */
  default void writeLong(long address, long value) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    write(address, b);
  }
}
