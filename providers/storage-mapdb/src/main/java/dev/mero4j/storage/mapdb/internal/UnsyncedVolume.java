package dev.mero4j.storage.mapdb.internal;

import java.io.File;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * A MapDB volume whose {@code sync()} does nothing. Every write still reaches the OS page cache
 * before a commit returns, so a killed process loses nothing and only a machine crash can: what
 * {@link dev.mero4j.storage.api.StorageConfig.Durability#PROCESS_CRASH} promises, without an fsync
 * per commit.
 */
final class UnsyncedVolume extends Volume {
  private final Volume delegate;

  private UnsyncedVolume(Volume delegate) {
    this.delegate = delegate;
  }

  /** Wraps every volume {@code factory} makes. */
  static VolumeFactory factory(VolumeFactory factory) {
    return new VolumeFactory() {
      @Override
      public Volume makeVolume(
          String file,
          boolean readOnly,
          long lockWait,
          int sliceShift,
          long initSize,
          boolean fixedSize) {
        return new UnsyncedVolume(
            factory.makeVolume(file, readOnly, lockWait, sliceShift, initSize, fixedSize));
      }

      @Override
      public boolean exists(String file) {
        return factory.exists(file);
      }

      @Override
      public boolean handlesReadonly() {
        return factory.handlesReadonly();
      }
    };
  }

  @Override
  public void sync() {
    // Deliberately empty: see the class comment.
  }

  @Override
  public void ensureAvailable(long offset) {
    delegate.ensureAvailable(offset);
  }

  @Override
  public void truncate(long size) {
    delegate.truncate(size);
  }

  @Override
  public void putLong(long offset, long value) {
    delegate.putLong(offset, value);
  }

  @Override
  public void putInt(long offset, int value) {
    delegate.putInt(offset, value);
  }

  @Override
  public void putByte(long offset, byte value) {
    delegate.putByte(offset, value);
  }

  @Override
  public void putData(long offset, byte[] src, int srcPos, int srcSize) {
    delegate.putData(offset, src, srcPos, srcSize);
  }

  @Override
  public void putData(long offset, java.nio.ByteBuffer buf) {
    delegate.putData(offset, buf);
  }

  @Override
  public void putDataOverlap(long offset, byte[] src, int srcPos, int srcSize) {
    delegate.putDataOverlap(offset, src, srcPos, srcSize);
  }

  @Override
  public long getLong(long offset) {
    return delegate.getLong(offset);
  }

  @Override
  public int getInt(long offset) {
    return delegate.getInt(offset);
  }

  @Override
  public byte getByte(long offset) {
    return delegate.getByte(offset);
  }

  @Override
  public DataInput2 getDataInput(long offset, int size) {
    return delegate.getDataInput(offset, size);
  }

  @Override
  public DataInput2 getDataInputOverlap(long offset, int size) {
    return delegate.getDataInputOverlap(offset, size);
  }

  @Override
  public void getData(long offset, byte[] bytes, int bytesPos, int size) {
    delegate.getData(offset, bytes, bytesPos, size);
  }

  @Override
  public long getPackedLong(long position) {
    return delegate.getPackedLong(position);
  }

  @Override
  public int putPackedLong(long pos, long value) {
    return delegate.putPackedLong(pos, value);
  }

  @Override
  public long getSixLong(long pos) {
    return delegate.getSixLong(pos);
  }

  @Override
  public void putSixLong(long pos, long value) {
    delegate.putSixLong(pos, value);
  }

  @Override
  public int getUnsignedByte(long offset) {
    return delegate.getUnsignedByte(offset);
  }

  @Override
  public void putUnsignedByte(long offset, int b) {
    delegate.putUnsignedByte(offset, b);
  }

  @Override
  public int getUnsignedShort(long offset) {
    return delegate.getUnsignedShort(offset);
  }

  @Override
  public void putUnsignedShort(long offset, int value) {
    delegate.putUnsignedShort(offset, value);
  }

  @Override
  public void clear(long startOffset, long endOffset) {
    delegate.clear(startOffset, endOffset);
  }

  @Override
  public void clearOverlap(long startOffset, long endOffset) {
    delegate.clearOverlap(startOffset, endOffset);
  }

  @Override
  public void copyTo(long inputOffset, Volume target, long targetOffset, long size) {
    delegate.copyTo(inputOffset, target, targetOffset, size);
  }

  @Override
  public long hash(long off, long len, long seed) {
    return delegate.hash(off, len, seed);
  }

  @Override
  public boolean fileLoad() {
    return delegate.fileLoad();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public int sliceSize() {
    return delegate.sliceSize();
  }

  @Override
  public boolean isSliced() {
    return delegate.isSliced();
  }

  @Override
  public long length() {
    return delegate.length();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public File getFile() {
    return delegate.getFile();
  }

  @Override
  public boolean getFileLocked() {
    return delegate.getFileLocked();
  }
}
