package dev.mero4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mero4j.runtime.api.InvalidApplicationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks what a client installs: a bare {@code .wasm} module, or an application bundle (a zip with
 * {@code manifest.json} naming the module file in {@code "wasm"}).
 */
public final class AppPackage {
  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  /** Most entries a bundle may hold; a bundle is a manifest, a module and a few docs. */
  private static final int MAX_ENTRIES = 64;

  private AppPackage() {}

  /**
   * Returns the WASM module inside {@code bytes}, refusing anything larger than {@code maxBytes}.
   */
  public static byte[] module(byte[] bytes, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw new InvalidApplicationException(
          "application of " + bytes.length + " bytes exceeds the " + maxBytes + "-byte limit");
    }
    if (startsWith(bytes, WASM_MAGIC)) {
      return bytes;
    }
    if (startsWith(bytes, ZIP_MAGIC)) {
      return fromBundle(bytes, maxBytes);
    }
    throw new InvalidApplicationException(
        "not a WebAssembly module or an application bundle (zip)");
  }

  private static byte[] fromBundle(byte[] zip, int maxBytes) {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      long total = 0;
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (entries.size() >= MAX_ENTRIES) {
          throw new InvalidApplicationException(
              "application bundle has more than " + MAX_ENTRIES + " entries");
        }
        byte[] data = in.readNBytes(maxBytes + 1);
        total += data.length;
        if (total > maxBytes) {
          throw new InvalidApplicationException(
              "application bundle unpacks to more than " + maxBytes + " bytes");
        }
        entries.put(entry.getName(), data);
      }
    } catch (IOException e) {
      throw new InvalidApplicationException("corrupt application bundle: " + e.getMessage(), e);
    }
    byte[] manifest = entries.get("manifest.json");
    if (manifest == null) {
      throw new InvalidApplicationException("application bundle has no manifest.json");
    }
    String wasmName;
    try {
      JsonNode node = new ObjectMapper().readTree(manifest);
      wasmName = node.path("wasm").asText("app.wasm");
    } catch (IOException e) {
      throw new InvalidApplicationException("manifest.json is not valid JSON", e);
    }
    byte[] module = entries.get(wasmName);
    if (module == null || !startsWith(module, WASM_MAGIC)) {
      throw new InvalidApplicationException(
          "application bundle has no WebAssembly module " + wasmName);
    }
    return module;
  }

  private static boolean startsWith(byte[] bytes, byte[] magic) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
