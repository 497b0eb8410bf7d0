package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.CorruptStorageException;
import dev.mero4j.storage.api.StorageException;
import dev.mero4j.storage.api.StorageIoException;
import dev.mero4j.storage.api.WriteBatch.Operation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The append-only redo log of acknowledged batches not yet checkpointed into the B-tree files. One
 * record per batch, framed as {@code length, ~length, CRC32(payload), payload}; written with one
 * {@code write} before the batch is acknowledged (page cache: survives a killed process) and, for
 * machine-crash durability, forced too. A checkpoint renames the log to {@link #OLD_FILE} and
 * starts a new one, so writes go on while the old batches reach the files; the old log is deleted
 * once both copies hold them. Written through a {@link RandomAccessFile}: an interrupt of a writing
 * thread must not close it.
 */
final class RedoLog implements AutoCloseable {
  static final String FILE = "state.redo";
  static final String OLD_FILE = "state.redo.old";

  private static final System.Logger LOG = System.getLogger(RedoLog.class.getName());
  private static final byte[] MAGIC = "M4JREDO1".getBytes(StandardCharsets.US_ASCII);
  private static final int FRAME = 12;

  private final Path dir;
  private final boolean force;
  private RandomAccessFile raf;
  private long length;

  private RedoLog(Path dir, boolean force) {
    this.dir = dir;
    this.force = force;
  }

  /**
   * Starts an empty log in {@code dir}, dropping the old ones; call only once their batches are in
   * both copies of the files.
   */
  static RedoLog start(Path dir, boolean force) {
    RedoLog log = new RedoLog(dir, force);
    try {
      Files.deleteIfExists(dir.resolve(OLD_FILE));
      log.openFresh();
      return log;
    } catch (IOException e) {
      throw new StorageIoException("cannot start the redo log in " + dir, e);
    }
  }

  /** Feeds the intact batches of the old log, then of the current one, to {@code sink}. */
  static void replay(Path dir, Consumer<List<Operation>> sink) {
    for (String name : List.of(OLD_FILE, FILE)) {
      Path file = dir.resolve(name);
      if (Files.exists(file)) {
        try {
          replayFile(file, Files.readAllBytes(file), sink);
        } catch (IOException e) {
          throw new StorageIoException("cannot read " + file, e);
        }
      }
    }
  }

  /** Appends one batch; on return it survives a killed process (and, forced, a machine crash). */
  void append(List<Operation> operations) {
    append(record(operations));
  }

  /**
   * The framed record of a batch, made before taking the store's lock; a batch too large for one
   * record fails here, before anything is written.
   */
  static byte[] record(List<Operation> operations) {
    byte[] record = RedoCodec.encode(operations, FRAME);
    int payload = record.length - FRAME;
    CRC32 crc = new CRC32();
    crc.update(record, FRAME, payload);
    ByteBuffer.wrap(record).putInt(payload).putInt(~payload).putInt((int) crc.getValue());
    return record;
  }

  /** Appends a record made by {@link #record}. */
  void append(byte[] record) {
    try {
      raf.write(record);
      if (force) {
        raf.getFD().sync();
      }
      length += record.length;
    } catch (IOException e) {
      throw new StorageIoException("cannot append to " + dir.resolve(FILE), e);
    }
  }

  /** Bytes written to the current log since it started. */
  long length() {
    return length;
  }

  /** Moves the current log aside as {@link #OLD_FILE} and starts a new current one. */
  void rotate() {
    Path old = dir.resolve(OLD_FILE);
    if (Files.exists(old)) {
      throw new StorageException(old + " still exists: the previous checkpoint did not finish");
    }
    try {
      raf.close();
      Files.move(dir.resolve(FILE), old, StandardCopyOption.ATOMIC_MOVE);
      openFresh();
    } catch (IOException e) {
      throw new StorageIoException("cannot rotate the redo log in " + dir, e);
    }
  }

  /** Deletes the old log once its batches are in both copies. */
  void dropOld() {
    try {
      Files.deleteIfExists(dir.resolve(OLD_FILE));
      syncDirectory();
    } catch (IOException e) {
      throw new StorageIoException("cannot delete " + dir.resolve(OLD_FILE), e);
    }
  }

  /** Closes the log and deletes both files: every batch is checkpointed. */
  void closeAndDelete() {
    close();
    try {
      Files.deleteIfExists(dir.resolve(OLD_FILE));
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new StorageIoException("cannot delete the redo log in " + dir, e);
    }
  }

  @Override
  public void close() {
    try {
      raf.close();
    } catch (IOException e) {
      throw new StorageIoException("cannot close " + dir.resolve(FILE), e);
    }
  }

  private void openFresh() throws IOException {
    raf = new RandomAccessFile(dir.resolve(FILE).toFile(), "rw");
    raf.setLength(0);
    raf.write(MAGIC);
    length = MAGIC.length;
    if (force) {
      raf.getFD().sync();
    }
    syncDirectory();
  }

  private void syncDirectory() throws IOException {
    if (force) {
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  /**
   * Replays the records of one file. A record cut short at the end of the file, or one whose bytes
   * end the file and fail their checksum, is a write that was never acknowledged and is dropped (so
   * are trailing zeros a machine crash can leave); a bad record followed by more data is
   * corruption.
   */
  static void replayFile(Path file, byte[] bytes, Consumer<List<Operation>> sink) {
    if (bytes.length < MAGIC.length) {
      LOG.log(Level.INFO, "{0} was cut short while it was created; it holds no batch", file);
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    for (int i = 0; i < MAGIC.length; i++) {
      if (in.get() != MAGIC[i]) {
        throw new CorruptStorageException(file + " is not a Mero4j redo log (bad magic)");
      }
    }
    int records = 0;
    while (in.hasRemaining()) {
      int at = in.position();
      if (in.remaining() < FRAME) {
        tornTail(file, at, records);
        return;
      }
      int payload = in.getInt();
      int check = in.getInt();
      int crc = in.getInt();
      if (check != ~payload || payload <= 0) {
        if (allZero(bytes, at)) {
          tornTail(file, at, records);
          return;
        }
        throw corrupt(file, at, records, "its length field is damaged");
      }
      if (payload > in.remaining()) {
        tornTail(file, at, records);
        return;
      }
      CRC32 sum = new CRC32();
      sum.update(bytes, in.position(), payload);
      if ((int) sum.getValue() != crc) {
        if (in.position() + payload == bytes.length) {
          tornTail(file, at, records);
          return;
        }
        throw corrupt(file, at, records, "its checksum does not match and more records follow");
      }
      List<Operation> operations;
      try {
        operations = RedoCodec.decode(in.slice(in.position(), payload));
      } catch (IllegalArgumentException e) {
        throw corrupt(file, at, records, e.getMessage());
      }
      in.position(in.position() + payload);
      sink.accept(operations);
      records++;
    }
  }

  private static void tornTail(Path file, int at, int records) {
    LOG.log(
        Level.INFO,
        "dropping the torn tail of {0} at offset {1} after {2} intact records: a write that was"
            + " never acknowledged",
        file,
        at,
        records);
  }

  private static CorruptStorageException corrupt(Path file, int at, int records, String why) {
    return new CorruptStorageException(
        file + " is corrupt: record " + (records + 1) + " at offset " + at + ": " + why);
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
