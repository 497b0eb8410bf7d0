package dev.mero4j.transport.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;

/**
 * One Yamux frame; {@code data} is present (and owned by the frame) only for data frames, while
 * {@code length} is the window delta, ping value or go-away code for the other types.
 */
record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {
  boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
