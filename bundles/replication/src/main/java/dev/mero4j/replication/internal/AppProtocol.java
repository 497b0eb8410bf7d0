package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.BinaryReader;
import dev.mero4j.primitives.BinaryWriter;

/**
 * {@code /mero4j/app/1}: one chunk of an application module per request (docs/wire-format.md,
 * "Application fetch").
 *
 * <pre>
 *   request  = u8 version=1 ‖ app id(32) ‖ varint offset
 *   response = u8 version=1 ‖ u8 status (1 chunk | 2 unknown) ‖ varint total ‖ bytes chunk
 * </pre>
 */
public final class AppProtocol {
  public static final String ID = "/mero4j/app/1";

  /** Module bytes per response. */
  public static final int CHUNK_BYTES = 256 * 1024;

  /** Largest module fetched whatever the caller allows (the runtime's default limit is 20 MiB). */
  public static final long MAX_MODULE_BYTES = 64L << 20;

  private static final int VERSION = 1;
  private static final int CHUNK = 1;
  private static final int UNKNOWN = 2;

  private AppProtocol() {}

  /** A request for the chunk of {@code application} at {@code offset}. */
  public record Request(ApplicationId application, long offset) {}

  /**
   * A response: {@code known} false when the responder serves no such application; {@code total} is
   * the module's size.
   */
  public record Response(boolean known, long total, byte[] chunk) {}

  static byte[] encode(Request request) {
    return new BinaryWriter(48)
        .version(VERSION)
        .id(request.application())
        .varint(request.offset())
        .toByteArray();
  }

  static Request decodeRequest(byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    in.version("application request", VERSION);
    Request request = new Request(ApplicationId.of(in.id()), in.varint());
    in.expectEnd();
    return request;
  }

  static byte[] encode(Response response) {
    return new BinaryWriter(response.chunk().length + 16)
        .version(VERSION)
        .u8(response.known() ? CHUNK : UNKNOWN)
        .varint(response.total())
        .bytes(response.chunk())
        .toByteArray();
  }

  static Response decodeResponse(byte[] bytes) {
    BinaryReader in = new BinaryReader(bytes);
    in.version("application response", VERSION);
    int status = in.u8();
    if (status != CHUNK && status != UNKNOWN) {
      throw new IllegalArgumentException("unknown application response status " + status);
    }
    Response response = new Response(status == CHUNK, in.varint(), in.bytes(CHUNK_BYTES));
    in.expectEnd();
    return response;
  }
}
