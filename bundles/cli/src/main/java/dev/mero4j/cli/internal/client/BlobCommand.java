package dev.mero4j.cli.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mero4j.cli.internal.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mero4j blob}: the blobs of a context on a running node (docs/architecture.md, "Blobs").
 */
@Command(
    name = "blob",
    description = "Store, fetch, list and remove a context's blobs (files sealed per context).",
    mixinStandardHelpOptions = true,
    subcommands = {
      BlobCommand.Put.class,
      BlobCommand.Get.class,
      BlobCommand.Ls.class,
      BlobCommand.Rm.class
    })
public final class BlobCommand {
  /** Files at least this large get a progress bar on a terminal. */
  static final long PROGRESS_FROM_BYTES = 4L << 20;

  private BlobCommand() {}

  static String blobs(String context) {
    return "/admin-api/contexts/" + context + "/blobs";
  }

  /** {@code mero4j blob put FILE --context C}: streams the file up; prints the blob id. */
  @Command(
      name = "put",
      description = "Store FILE in a context; prints the blob id.",
      mixinStandardHelpOptions = true)
  public static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientOptions options;

    @Option(names = "--context", required = true, description = "Context id.")
    String context;

    @Parameters(paramLabel = "FILE", description = "File to store.")
    Path file;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "no file at " + file);
      }
      long size = Files.size(file);
      AppInstallCommand.ProgressBar bar =
          new AppInstallCommand.ProgressBar(
              spec.commandLine().getErr(),
              "Uploading " + file.getFileName(),
              size,
              size >= PROGRESS_FROM_BYTES && Terminal.interactive() && !options.json);
      JsonNode data = options.client().uploadFile(blobs(context), file, bar::update);
      bar.done();
      new Output(spec.commandLine().getOut(), options.json)
          .print(data, data.path("blobId").asText());
      return 0;
    }
  }

  /** {@code mero4j blob get BLOB_ID --context C --out FILE}: streams the blob down. */
  @Command(
      name = "get",
      description = "Write a blob to --out FILE.",
      mixinStandardHelpOptions = true)
  public static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientOptions options;

    @Option(names = "--context", required = true, description = "Context id.")
    String context;

    @Option(
        names = "--out",
        required = true,
        description = "File to write (replaced only once the whole blob arrived).")
    Path out;

    @Parameters(paramLabel = "BLOB_ID", description = "Blob id (base58).")
    String blob;

    @Override
    public Integer call() throws IOException {
      HttpResponse<InputStream> response = options.client().download(blobs(context) + "/" + blob);
      long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      AppInstallCommand.ProgressBar bar =
          new AppInstallCommand.ProgressBar(
              spec.commandLine().getErr(),
              "Downloading " + blob,
              size,
              size >= PROGRESS_FROM_BYTES && Terminal.interactive() && !options.json);
      Path target = out.toAbsolutePath();
      Path partial = Files.createTempFile(target.getParent(), ".blob-", ".partial");
      long received = 0;
      try (InputStream in = response.body();
          OutputStream os = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          os.write(buffer, 0, n);
          received += n;
          bar.update(received);
        }
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw new ClientException(
            "download of blob " + blob + " failed after " + received + " bytes: " + e.getMessage(),
            e);
      }
      bar.done();
      if (size >= 0 && received != size) {
        Files.deleteIfExists(partial);
        throw new ClientException(
            "download of blob " + blob + " stopped at " + received + " of " + size + " bytes");
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      new Output(spec.commandLine().getOut(), options.json)
          .print(
              NodeClient.JSON
                  .createObjectNode()
                  .put("blobId", blob)
                  .put("size", received)
                  .put("out", target.toString()),
              received + " bytes written to " + target);
      return 0;
    }
  }

  /** {@code mero4j blob ls --context C}: one line per blob. */
  @Command(name = "ls", description = "List a context's blobs.", mixinStandardHelpOptions = true)
  public static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientOptions options;

    @Option(names = "--context", required = true, description = "Context id.")
    String context;

    @Override
    public Integer call() {
      JsonNode list = options.client().get(blobs(context)).path("blobs");
      StringBuilder text = new StringBuilder();
      for (JsonNode blob : list) {
        text.append(
            String.format(
                "%-46s %,16d bytes%n", blob.path("blobId").asText(), blob.path("size").asLong()));
      }
      new Output(spec.commandLine().getOut(), options.json)
          .print(list, list.isEmpty() ? "no blobs" : text.toString().stripTrailing());
      return 0;
    }
  }

  /** {@code mero4j blob rm BLOB_ID --context C}. */
  @Command(
      name = "rm",
      description = "Remove a blob (and every chunk no other blob uses).",
      mixinStandardHelpOptions = true)
  public static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClientOptions options;

    @Option(names = "--context", required = true, description = "Context id.")
    String context;

    @Parameters(paramLabel = "BLOB_ID", description = "Blob id (base58).")
    String blob;

    @Override
    public Integer call() {
      JsonNode data = options.client().delete(blobs(context) + "/" + blob);
      new Output(spec.commandLine().getOut(), options.json).print(data, "removed " + blob);
      return 0;
    }
  }
}
