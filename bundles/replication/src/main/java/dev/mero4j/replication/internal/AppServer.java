package dev.mero4j.replication.internal;

import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.RequestHandler;
import java.util.Arrays;
import java.util.Optional;

/**
 * Serves {@code /mero4j/app/1}: chunks of the modules of applications that contexts held here run;
 * any other application is answered as unknown, so the protocol reveals nothing else installed.
 */
public final class AppServer implements RequestHandler {
  private final ApplicationTransfer transfer;

  public AppServer(ApplicationTransfer transfer) {
    this.transfer = transfer;
  }

  @Override
  public byte[] handle(PeerId from, byte[] request) {
    AppProtocol.Request ask = AppProtocol.decodeRequest(request);
    Optional<byte[]> module = transfer.servedModule(ask.application());
    if (module.isEmpty()) {
      return AppProtocol.encode(new AppProtocol.Response(false, 0, new byte[0]));
    }
    byte[] bytes = module.get();
    if (ask.offset() < 0 || ask.offset() > bytes.length) {
      throw new IllegalArgumentException(
          "offset " + ask.offset() + " is outside a module of " + bytes.length + " bytes");
    }
    int from0 = (int) ask.offset();
    int to = (int) Math.min(bytes.length, ask.offset() + AppProtocol.CHUNK_BYTES);
    return AppProtocol.encode(
        new AppProtocol.Response(true, bytes.length, Arrays.copyOfRange(bytes, from0, to)));
  }
}
