package dev.mero4j.server.internal.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Reads request bodies under a size cap, whether or not the client declared a length. */
public final class Bodies {
  private Bodies() {}

  public static byte[] read(Context ctx, int limit) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw tooLarge(limit);
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(
          ErrorKind.INVALID_REQUEST, "could not read the request body: " + e.getMessage());
    }
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(
        ErrorKind.LIMIT_EXCEEDED,
        "request body larger than " + limit + " bytes",
        Map.of("limit", limit));
  }
}
