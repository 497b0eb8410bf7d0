package dev.mero4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.blobs.BlobKeys;
import dev.mero4j.blobs.BlobStore;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.ContextBlobs;
import dev.mero4j.runtime.api.UnknownContextException;
import dev.mero4j.server.testing.Api;
import dev.mero4j.server.testing.RawHttp;
import dev.mero4j.server.testing.TestNode;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageEngine;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob routes over real HTTP and a real blob store on MapDB files. */
class BlobRoutesTest {
  static final long CAP = 80L << 20;
  static final ContextId CONTEXT = ContextId.of(Hash.sha256(utf8("ctx")));
  static final ContextId OTHER = ContextId.of(Hash.sha256(utf8("other")));

  @TempDir static Path dir;
  static StorageEngine storage;
  static ApiServer server;
  static Api api;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    storage = MapDbStorageEngine.open(StorageConfig.at(dir));
    BlobStore blobs = new BlobStore(storage, keys(), CAP);
    NodeInfo base = TestNode.nodeInfo();
    NodeInfo node =
        new NodeInfo() {
          @Override
          public Identity identity() {
            return base.identity();
          }

          @Override
          public Optional<ContextBlobs> blobs() {
            return Optional.of(blobs);
          }
        };
    var runtime = new dev.mero4j.server.testing.FakeKvRuntime();
    server =
        new ApiServer(
            ApiServerConfig.loopback(0),
            runtime.applications(),
            runtime.contexts(),
            node,
            Clock.systemUTC(),
            new Random(1));
    api = new Api(server.start());
  }

  @AfterAll
  static void stop() {
    server.close();
    storage.close();
  }

  @Test
  void streams64MibUpAndDownByteIdenticalAndServesRanges() throws Exception {
    long size = (64L << 20) + 3;
    HttpResponse<String> put = upload(CONTEXT, size, 7);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    String id = Api.parse(put.body()).get("data").get("blobId").asText();
    assertThat(Api.parse(put.body()).get("data").get("size").asLong()).isEqualTo(size);

    HttpResponse<InputStream> get =
        http.send(request(CONTEXT, id).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
    assertThat(sha256(get.body())).isEqualTo(sha256(new Generated(7, size)));

    HttpResponse<Void> head =
        http.send(
            request(CONTEXT, id).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    byte[] first = new Generated(7, size).readNBytes((2 << 20) + 10);
    HttpResponse<byte[]> range = range(CONTEXT, id, "bytes=1048570-1048585");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("Content-Range"))
        .hasValue("bytes 1048570-1048585/" + size);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(first, 1048570, 1048586));
    assertThat(range(CONTEXT, id, "bytes=-2").body()).hasSize(2);
    assertThat(range(CONTEXT, id, "bytes=" + (size - 1) + "-").body()).hasSize(1);
    HttpResponse<byte[]> past = range(CONTEXT, id, "bytes=" + size + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
    for (String bad :
        new String[] {"bytes=5-1", "bytes=a-b", "bytes=0-1,4-5", "items=0-1", "bytes=-"}) {
      assertThat(range(CONTEXT, id, bad).statusCode()).as(bad).isEqualTo(400);
    }

    Api.Response list = api.get("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs");
    assertThat(list.data().get("blobs").get(0).get("blobId").asText()).isEqualTo(id);
    assertThat(api.delete("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs/" + id).status())
        .isEqualTo(200);
    assertThat(api.delete("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs/" + id).status())
        .isEqualTo(404);
  }

  @Test
  void refusesOversizedUnknownAndMalformed() throws Exception {
    // Declared too large: answered at once, without waiting for (or reading) the body.
    String answer =
        RawHttp.exchange(
            api.base().getPort(),
            "PUT /admin-api/contexts/"
                + CONTEXT.toBase58()
                + "/blobs HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: "
                + (CAP + 1)
                + "\r\nConnection: close\r\n\r\n"
                + "only a few bytes");
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("BlobTooLarge")
        .contains(String.valueOf(CAP));
    // No length (chunked): cut once the count passes the cap. The node may close the connection
    // while the client still sends, so the client sees the 413 or a reset; nothing is kept.
    try {
      HttpResponse<String> chunked =
          http.send(
              request(CONTEXT, null)
                  .header("Content-Type", "application/octet-stream")
                  .PUT(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new Generated(2, CAP + (16 << 20))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(chunked.statusCode()).isEqualTo(413);
      assertThat(chunked.body()).contains("BlobTooLarge");
    } catch (java.io.IOException e) {
      // the node stopped reading and closed: also a refusal
    }
    assertThat(api.get("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs").data().get("blobs"))
        .isEmpty();
    try (var cursor = storage.keyspace("blobs").prefix(new byte[] {'c'})) {
      assertThat(cursor.hasNext()).as("no chunk of a refused upload is kept").isFalse();
    }

    assertThat(upload(OTHER, 10, 1).statusCode()).isEqualTo(404);
    assertThat(api.get("/admin-api/contexts/" + OTHER.toBase58() + "/blobs").status())
        .isEqualTo(404);
    assertThat(api.get("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs/not-base58!").status())
        .isEqualTo(400);
    assertThat(
            api.get("/admin-api/contexts/" + CONTEXT.toBase58() + "/blobs/" + Hash.ZERO.toBase58())
                .status())
        .isEqualTo(404);
    assertThat(api.get("/admin-api/contexts/zzz/blobs").status()).isEqualTo(400);
  }

  private static HttpResponse<String> upload(ContextId context, long size, long seed)
      throws Exception {
    return http.send(
        request(context, null)
            .header("Content-Type", "application/octet-stream")
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(seed, size)),
                    size))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> range(ContextId context, String id, String range)
      throws Exception {
    return http.send(
        request(context, id).header("Range", range).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest.Builder request(ContextId context, String id) {
    String path =
        "/admin-api/contexts/" + context.toBase58() + "/blobs" + (id == null ? "" : "/" + id);
    return HttpRequest.newBuilder(URI.create(api.base() + path));
  }

  private static BlobKeys keys() {
    return new BlobKeys() {
      @Override
      public Secret current(ContextId context) {
        if (!context.equals(CONTEXT)) {
          throw new UnknownContextException("no context " + context);
        }
        return new Secret(Hash.sha256(utf8("key")), Hash.sha256(utf8("secret")).toBytes());
      }

      @Override
      public Secret of(ContextId context, Hash keyId) {
        return current(context);
      }
    };
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return Hash.of(digest.digest()).toHex();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Deterministic pseudo-random bytes made as they are read. */
  static final class Generated extends InputStream {
    private final SplittableRandom random;
    private long left;

    Generated(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      left -= n;
      return n;
    }
  }
}
