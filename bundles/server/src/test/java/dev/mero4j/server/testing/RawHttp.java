package dev.mero4j.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written HTTP/1.1 requests over a plain socket, for headers no HTTP client lets a test set.
 */
public final class RawHttp {
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /**
   * Sends {@code request} as is to 127.0.0.1:{@code port} and returns everything the node wrote.
   */
  public static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
