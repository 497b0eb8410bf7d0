package dev.mero4j.server.internal.admin;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.BlobInfo;
import dev.mero4j.runtime.api.BlobTooLargeException;
import dev.mero4j.runtime.api.ContextBlobs;
import dev.mero4j.runtime.api.NotSupportedException;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.internal.http.Ids;
import dev.mero4j.server.internal.http.Permission;
import dev.mero4j.server.internal.http.Responses;
import dev.mero4j.server.internal.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blob routes under {@code /admin-api/contexts/{contextId}/blobs}: list, upload ({@code PUT},
 * streamed, refused with 413 before reading when its declared length passes the cap), download and
 * {@code HEAD} with one byte range ({@link GetBlobRoute}), delete. Only contexts this node holds:
 * any other is a 404.
 */
public final class BlobRoutes {
  static final String LIST_PATH = "/admin-api/contexts/{contextId}/blobs";
  static final String BLOB_PATH = "/admin-api/contexts/{contextId}/blobs/{blobId}";

  private BlobRoutes() {}

  public static List<Route> of(NodeInfo node) {
    return List.of(
        new Simple(HandlerType.GET, LIST_PATH, node, BlobRoutes::list),
        new Upload(node),
        new GetBlobRoute(node, false),
        new GetBlobRoute(node, true),
        new Simple(HandlerType.DELETE, BLOB_PATH, node, BlobRoutes::delete));
  }

  static ContextBlobs blobs(NodeInfo node) {
    return node.blobs().orElseThrow(() -> new NotSupportedException("this node keeps no blobs"));
  }

  static ContextId context(Context ctx) {
    return Ids.context("contextId", ctx.pathParam("contextId"));
  }

  static Hash blobId(Context ctx) {
    return Ids.hash("blobId", ctx.pathParam("blobId"));
  }

  static Map<String, Object> json(BlobInfo info) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("blobId", info.id().toBase58());
    out.put("size", info.size());
    out.put("chunks", info.chunks());
    return out;
  }

  private static void list(Context ctx, ContextBlobs blobs) {
    List<Map<String, Object>> list =
        blobs.list(context(ctx)).stream().map(BlobRoutes::json).toList();
    Responses.data(ctx, Map.of("blobs", list, "maxBlobBytes", blobs.maxBlobBytes()));
  }

  private static void delete(Context ctx, ContextBlobs blobs) {
    ContextId context = context(ctx);
    Hash id = blobId(ctx);
    if (!blobs.delete(context, id)) {
      throw new dev.mero4j.runtime.api.UnknownBlobException(
          "no blob " + id.toBase58() + " in context " + context.toBase58());
    }
    Responses.data(ctx, Map.of("isDeleted", true));
  }

  private interface Handler {
    void handle(Context ctx, ContextBlobs blobs) throws Exception;
  }

  private record Simple(HandlerType method, String path, NodeInfo node, Handler handler)
      implements Route {
    @Override
    public Permission permission() {
      return Permission.ADMIN;
    }

    @Override
    public void handle(Context ctx) throws Exception {
      handler.handle(ctx, blobs(node));
    }
  }

  /** {@code PUT …/blobs}: the raw body, streamed into the store; 201 with the blob. */
  private record Upload(NodeInfo node) implements Route {
    @Override
    public HandlerType method() {
      return HandlerType.PUT;
    }

    @Override
    public String path() {
      return LIST_PATH;
    }

    @Override
    public Permission permission() {
      return Permission.ADMIN;
    }

    @Override
    public String bodyType() {
      return "application/octet-stream";
    }

    @Override
    public void handle(Context ctx) throws Exception {
      ContextBlobs blobs = blobs(node);
      ContextId context = context(ctx);
      blobs.info(context, Hash.ZERO); // an unknown context is a 404 before any byte is read
      long declared = ctx.req().getContentLengthLong();
      if (declared > blobs.maxBlobBytes()) {
        ctx.header("Connection", "close");
        throw new BlobTooLargeException(
            "upload of "
                + declared
                + " bytes is larger than the cap of "
                + blobs.maxBlobBytes()
                + " bytes");
      }
      BlobInfo info = blobs.put(context, ctx.req().getInputStream());
      Responses.data(ctx, 201, json(info));
    }
  }
}
