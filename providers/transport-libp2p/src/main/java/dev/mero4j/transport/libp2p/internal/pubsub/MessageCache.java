package dev.mero4j.transport.libp2p.internal.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The gossipsub message cache: recent messages by id, in heartbeat windows, for IHAVE/IWANT. */
final class MessageCache {
  private record Entry(String topic, byte[] encodedRpc) {}

  private final int historyLength;
  private final int historyGossip;
  private final Map<MessageId, Entry> messages = new HashMap<>();
  private final Deque<List<MessageId>> windows = new ArrayDeque<>();

  MessageCache(int historyLength, int historyGossip) {
    this.historyLength = historyLength;
    this.historyGossip = historyGossip;
    windows.addFirst(new ArrayList<>());
  }

  /** Remembers {@code encodedRpc}, a framed RPC carrying just this message. */
  void put(MessageId id, String topic, byte[] encodedRpc) {
    if (messages.putIfAbsent(id, new Entry(topic, encodedRpc)) == null) {
      windows.peekFirst().add(id);
    }
  }

  byte[] get(MessageId id) {
    Entry e = messages.get(id);
    return e == null ? null : e.encodedRpc();
  }

  /** Ids of {@code topic} from the most recent gossip windows. */
  List<byte[]> gossipIds(String topic) {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    for (List<MessageId> window : windows) {
      if (i++ >= historyGossip) {
        break;
      }
      for (MessageId id : window) {
        Entry e = messages.get(id);
        if (e != null && e.topic().equals(topic)) {
          out.add(id.bytes());
        }
      }
    }
    return out;
  }

  /** Starts a new window, forgetting the oldest beyond the history length. */
  void shift() {
    windows.addFirst(new ArrayList<>());
    while (windows.size() > historyLength) {
      windows.removeLast().forEach(messages::remove);
    }
  }
}
