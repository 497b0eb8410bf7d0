package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.BlobInfo;
import dev.mero4j.runtime.api.ContextBlobs;
import dev.mero4j.runtime.api.UnknownBlobException;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.ApiException;
import dev.mero4j.server.internal.http.ErrorKind;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET} and {@code HEAD …/blobs/{blobId}}: the blob's bytes, or one range of them ({@code
 * Range: bytes=a-b}, {@code a-}, {@code -n}) as a 206. A malformed or multi-range header is a 400,
 * a range starting past the end a 416 with {@code Content-Range: bytes *}{@code /size}. The bytes
 * stream through a 64 KiB buffer; the first chunk is read and verified before the status is sent,
 * so a corrupt start is a JSON 500 naming the chunk, and corruption later cuts the response short.
 */
final class GetBlobRoute implements Route {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
  private static final int BUFFER = 64 * 1024;

  private final NodeInfo node;
  private final boolean head;

  GetBlobRoute(NodeInfo node, boolean head) {
    this.node = node;
    this.head = head;
  }

  @Override
  public HandlerType method() {
    return head ? HandlerType.HEAD : HandlerType.GET;
  }

  @Override
  public String path() {
    return BlobRoutes.BLOB_PATH;
  }

  @Override
  public Permission permission() {
    return Permission.ADMIN;
  }

  /** A byte range {@code [start, start + length)}. */
  record Span(long start, long length) {}

  @Override
  public void handle(Context ctx) throws Exception {
    ContextBlobs blobs = BlobRoutes.blobs(node);
    ContextId context = BlobRoutes.context(ctx);
    Hash id = BlobRoutes.blobId(ctx);
    BlobInfo info =
        blobs
            .info(context, id)
            .orElseThrow(
                () ->
                    new UnknownBlobException(
                        "no blob " + id.toBase58() + " in context " + context.toBase58()));
    String rangeHeader = ctx.header("Range");
    Span span;
    try {
      span = rangeHeader == null ? new Span(0, info.size()) : parse(rangeHeader, info.size());
    } catch (ApiException e) {
      if (e.kind() == ErrorKind.RANGE_NOT_SATISFIABLE) {
        ctx.header("Content-Range", "bytes */" + info.size());
      }
      throw e;
    }
    HttpServletResponse res = ctx.res();
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("ETag", "\"" + id.toBase58() + "\"");
    ctx.contentType("application/octet-stream");
    if (rangeHeader != null) {
      ctx.header(
          "Content-Range",
          "bytes " + span.start() + "-" + (span.start() + span.length() - 1) + "/" + info.size());
    }
    int status = rangeHeader == null ? 200 : 206;
    if (head) {
      res.setContentLengthLong(span.length());
      ctx.status(status);
      return;
    }
    try (InputStream in = blobs.open(context, id, span.start(), span.length())) {
      byte[] buffer = new byte[BUFFER];
      int n = in.read(buffer); // the first chunk is verified before anything is sent
      res.setContentLengthLong(span.length());
      ctx.status(status);
      OutputStream out = res.getOutputStream();
      while (n > 0) {
        out.write(buffer, 0, n);
        n = in.read(buffer);
      }
      out.flush();
    }
  }

  /** Parses one range of a blob of {@code size} bytes. */
  static Span parse(String header, long size) {
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw ApiException.invalidParams(
          "Range", "Range must be one 'bytes=first-last', 'bytes=first-' or 'bytes=-suffix'");
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0 || size == 0) {
        throw unsatisfiable(header, size);
      }
      long length = Math.min(suffix, size);
      return new Span(size - length, length);
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
    if (last < first) {
      throw ApiException.invalidParams("Range", "Range ends before it starts: " + header);
    }
    if (first >= size) {
      throw unsatisfiable(header, size);
    }
    return new Span(first, Math.min(last, size - 1) - first + 1);
  }

  private static ApiException unsatisfiable(String header, long size) {
    return new ApiException(
        ErrorKind.RANGE_NOT_SATISFIABLE,
        "range '" + header + "' is outside the blob of " + size + " bytes");
  }
}
