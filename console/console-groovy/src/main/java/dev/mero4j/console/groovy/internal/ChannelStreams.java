package dev.mero4j.console.groovy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams over a blocking socket channel that read and write concurrently. The JDK's {@code
 * Channels.newInputStream} holds the channel's blocking lock while reading, which would stall every
 * write of the other direction.
 */
public final class ChannelStreams {
  private ChannelStreams() {}

  public static InputStream input(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        int n = channel.read(ByteBuffer.wrap(bytes, offset, length));
        return n == 0 ? read(bytes, offset, length) : n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  public static OutputStream output(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
