package dev.mero4j.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WASM app assembled byte by byte whose methods hand fixed bytes to {@code mero_return} or {@code
 * mero_error}, so tests can make an app answer anything, JSON or not.
 */
public final class RawOutputApp {
  private static final int RETURN = 0;
  private static final int ERROR = 1;

  private final Map<String, int[]> methods = new LinkedHashMap<>();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  /** A method that returns {@code bytes} through {@code mero_return}. */
  public RawOutputApp returning(String method, byte[] bytes) {
    return add(method, RETURN, bytes);
  }

  /** A method that fails with {@code bytes} as its error value through {@code mero_error}. */
  public RawOutputApp failing(String method, byte[] bytes) {
    return add(method, ERROR, bytes);
  }

  /** A method that claims a return value of {@code length} bytes at address 0. */
  public RawOutputApp claiming(String method, int length) {
    methods.put(method, new int[] {RETURN, 0, length});
    return this;
  }

  private RawOutputApp add(String method, int host, byte[] bytes) {
    methods.put(method, new int[] {host, data.size(), bytes.length});
    data.writeBytes(bytes);
    return this;
  }

  /** The module: imports, one exported {@code () -> ()} function per method, data, ABI section. */
  public byte[] wasm() {
    Out module = new Out();
    module.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    module.section(
        1,
        new Out()
            .u32(2)
            .bytes(new byte[] {0x60, 2, 0x7F, 0x7F, 0}) // (i32, i32) -> ()
            .bytes(new byte[] {0x60, 0, 0})); // () -> ()
    module.section(
        2,
        new Out()
            .u32(2)
            .name("env")
            .name("mero_return")
            .bytes(new byte[] {0, 0})
            .name("env")
            .name("mero_error")
            .bytes(new byte[] {0, 0}));
    Out functions = new Out().u32(methods.size());
    methods.keySet().forEach(m -> functions.u32(1));
    module.section(3, functions);
    module.section(5, new Out().u32(1).bytes(new byte[] {0, 1})); // one memory, min 1 page
    Out exports = new Out().u32(methods.size() + 1).name("memory").bytes(new byte[] {2, 0});
    int index = 2;
    for (String name : methods.keySet()) {
      exports.name(name).bytes(new byte[] {0}).u32(index++);
    }
    module.section(7, exports);
    Out code = new Out().u32(methods.size());
    for (int[] m : methods.values()) {
      Out body =
          new Out()
              .u32(0)
              .bytes(new byte[] {0x41})
              .s32(m[1])
              .bytes(new byte[] {0x41})
              .s32(m[2])
              .bytes(new byte[] {0x10})
              .u32(m[0])
              .bytes(new byte[] {0x0B});
      code.u32(body.size()).bytes(body.toByteArray());
    }
    module.section(10, code);
    byte[] payload = data.toByteArray();
    module.section(
        11,
        new Out().u32(1).bytes(new byte[] {0, 0x41, 0, 0x0B}).u32(payload.length).bytes(payload));
    module.section(
        0, new Out().name("mero4j.abi").bytes(manifest().getBytes(StandardCharsets.UTF_8)));
    return module.toByteArray();
  }

  private String manifest() {
    List<String> entries = new ArrayList<>();
    methods.keySet().forEach(m -> entries.add("{\"name\":\"" + m + "\",\"readOnly\":true}"));
    return "{\"abi\":1,\"name\":\"raw-output\",\"version\":\"0.1.0\",\"methods\":["
        + String.join(",", entries)
        + "],\"events\":[]}";
  }

  /** A byte buffer with the WASM binary encodings (LEB128 integers, names, sections). */
  private static final class Out extends ByteArrayOutputStream {
    Out bytes(byte[] b) {
      writeBytes(b);
      return this;
    }

    Out u32(long value) {
      long v = value;
      do {
        int b = (int) (v & 0x7F);
        v >>>= 7;
        write(v == 0 ? b : b | 0x80);
      } while (v != 0);
      return this;
    }

    Out s32(int value) {
      long v = value;
      while (true) {
        int b = (int) (v & 0x7F);
        v >>= 7;
        boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
        write(done ? b : b | 0x80);
        if (done) {
          return this;
        }
      }
    }

    Out name(String name) {
      byte[] b = name.getBytes(StandardCharsets.UTF_8);
      return u32(b.length).bytes(b);
    }

    Out section(int id, Out content) {
      write(id);
      return u32(content.size()).bytes(content.toByteArray());
    }
  }
}
