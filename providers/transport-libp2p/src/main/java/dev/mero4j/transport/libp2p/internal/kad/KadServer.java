package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.util.PeerIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers inbound DHT requests from the routing table and the provider and record stores; knows
 * nothing of streams. Malformed or invalid requests raise {@link KadException}.
 */
final class KadServer {
  private final RoutingTable table;
  private final ProviderStore providers;
  private final RecordStore records;
  private final Supplier<KadContact> self;

  KadServer(
      RoutingTable table, ProviderStore providers, RecordStore records, Supplier<KadContact> self) {
    this.table = table;
    this.providers = providers;
    this.records = records;
    this.self = self;
  }

  /** The answer to {@code request} from {@code from}, or null when the type gets none. */
  KadMessage handle(PeerId from, KadMessage request) {
    byte[] key = request.key();
    if (key == null || key.length == 0) {
      if (request.type() == KadMessage.Type.PING) {
        return request;
      }
      throw new KadException(request.type() + " without a key");
    }
    return switch (request.type()) {
      case FIND_NODE -> answer(request, null, closer(from, key), List.of());
      case GET_PROVIDERS ->
          answer(
              request,
              null,
              closer(from, key),
              peers(providers.get(key, KadProtocol.MAX_PEERS_PER_ANSWER)));
      case ADD_PROVIDER -> {
        addProvider(from, key, request.providerPeers());
        yield null;
      }
      case GET_VALUE -> {
        byte[] value = records.get(key);
        KadMessage.KadRecord r = value == null ? null : new KadMessage.KadRecord(key, value, null);
        yield answer(request, r, closer(from, key), List.of());
      }
      case PUT_VALUE -> {
        putValue(key, request.record());
        yield request;
      }
      case PING -> request;
    };
  }

  private static KadMessage answer(
      KadMessage request,
      KadMessage.KadRecord record,
      List<KadMessage.Peer> closer,
      List<KadMessage.Peer> providers) {
    return new KadMessage(request.type(), request.key(), record, closer, providers);
  }

  private List<KadMessage.Peer> closer(PeerId from, byte[] key) {
    List<KadMessage.Peer> out = new ArrayList<>();
    KadContact me = self.get();
    if (Arrays.equals(key, me.rawId())) {
      out.add(me.toPeer());
    }
    for (KadContact c : table.closest(KadKey.of(key), KadProtocol.MAX_PEERS_PER_ANSWER + 1)) {
      if (!c.id().equals(from) && out.size() < KadProtocol.MAX_PEERS_PER_ANSWER) {
        out.add(c.toPeer());
      }
    }
    return out;
  }

  private static List<KadMessage.Peer> peers(List<KadContact> contacts) {
    return contacts.stream().map(KadContact::toPeer).toList();
  }

  /** Stores the providers that are the sender itself; the spec ignores any other. */
  private void addProvider(PeerId from, byte[] key, List<KadMessage.Peer> announced) {
    byte[] raw = PeerIds.toBytes(from);
    for (KadMessage.Peer p : announced) {
      if (Arrays.equals(p.id(), raw)) {
        providers.add(key, KadContact.of(raw, p.addrs()));
      }
    }
  }

  private void putValue(byte[] key, KadMessage.KadRecord record) {
    if (record == null || record.key() == null || record.value() == null) {
      throw new KadException("PUT_VALUE without a record");
    }
    if (!Arrays.equals(record.key(), key)) {
      throw new KadException("PUT_VALUE record key differs from the message key");
    }
    records.put(key, record.value());
  }
}
