package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.runtime.ApplicationManager;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.ApplicationTransfer;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.memory.MemoryStorageProvider;
import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import dev.mero4j.transport.api.TransportConfig;
import dev.mero4j.transport.loopback.LoopbackNetwork;
import dev.mero4j.transport.loopback.LoopbackTransportProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching an application module over {@code /mero4j/app/1} on the loopback network: chunks, a
 * lying peer dropped for the next, and a download resumed after an interruption.
 */
class AppFetchTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] MODULE = module(2 * AppProtocol.CHUNK_BYTES + 12_345);
  private static final ApplicationId APP = ApplicationId.of(Hash.sha256(MODULE).toBytes());

  @TempDir Path dir;

  private final LoopbackNetwork network = new LoopbackNetwork(new Random(3));
  private final LoopbackTransportProvider provider = new LoopbackTransportProvider(network);
  private final List<Transport> transports = new ArrayList<>();
  private StorageEngine storage;
  private ApplicationManager joinerApps;
  private Transport joiner;

  @BeforeEach
  void start() {
    storage = new MemoryStorageProvider().open(StorageConfig.at(dir.resolve("joiner")));
    joinerApps = new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    joiner = transport(1);
  }

  @AfterEach
  void stop() {
    transports.forEach(Transport::close);
    storage.close();
    network.close();
  }

  @Test
  void theModuleArrivesInChunksAndHashesToItsId() {
    List<Long> offsets = new CopyOnWriteArrayList<>();
    Transport honest = serving(2, new Serving(MODULE), offsets);
    byte[] module = fetch(List.of(honest.localPeer().id()));
    assertThat(module).isEqualTo(MODULE);
    assertThat(offsets)
        .containsExactly(0L, (long) AppProtocol.CHUNK_BYTES, 2L * AppProtocol.CHUNK_BYTES);
    assertThat(joinerApps.partialDownload(APP)).as("a finished download is forgotten").isEmpty();
  }

  @Test
  void aPeerWhoseBytesDoNotHashToTheIdIsDroppedAndTheNextAsked() {
    byte[] forged = MODULE.clone();
    forged[forged.length - 1] ^= 1;
    Transport liar = serving(2, new Serving(forged), new ArrayList<>());
    Transport honest = serving(3, new Serving(MODULE), new ArrayList<>());
    assertThat(fetch(List.of(liar.localPeer().id(), honest.localPeer().id()))).isEqualTo(MODULE);

    assertThatThrownBy(() -> fetch(List.of(liar.localPeer().id())))
        .isInstanceOf(JoinUnavailableException.class)
        .hasMessageContaining(liar.localPeer().id() + ": sent bytes that do not hash");
  }

  @Test
  void aPeerNamingAnotherSizeIsDroppedAndOneThatLacksTheAppIsSkipped() {
    Transport bigger = serving(2, new Serving(Arrays.copyOf(MODULE, MODULE.length + 1)), null);
    Transport without = serving(3, new Serving(null), null);
    Transport honest = serving(4, new Serving(MODULE), null);
    List<PeerId> peers =
        List.of(bigger.localPeer().id(), without.localPeer().id(), honest.localPeer().id());
    assertThat(fetch(peers)).isEqualTo(MODULE);
    assertThatThrownBy(() -> fetch(peers.subList(0, 2)))
        .hasMessageContaining("named a module of " + (MODULE.length + 1))
        .hasMessageContaining("does not serve " + APP);
  }

  @Test
  void anInterruptedDownloadResumesWhereItStopped() {
    List<Long> offsets = new CopyOnWriteArrayList<>();
    Serving flaky = new Serving(MODULE);
    flaky.failFrom = 2L * AppProtocol.CHUNK_BYTES;
    Transport peer = serving(2, flaky, offsets);
    assertThatThrownBy(() -> fetch(List.of(peer.localPeer().id())))
        .isInstanceOf(JoinUnavailableException.class);
    assertThat(joinerApps.partialDownload(APP))
        .as("two chunks kept in storage")
        .hasSize(2 * AppProtocol.CHUNK_BYTES);

    flaky.failFrom = Long.MAX_VALUE;
    offsets.clear();
    ApplicationManager restarted =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    byte[] module =
        new AppFetch(joiner, restarted, TIMEOUT)
            .fetch(APP, MODULE.length, Long.MAX_VALUE, List.of(peer.localPeer().id()));
    assertThat(module).isEqualTo(MODULE);
    assertThat(offsets).containsExactly(2L * AppProtocol.CHUNK_BYTES);
  }

  @Test
  void sizesOutsideTheLimitsAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(
            () -> new AppFetch(joiner, joinerApps, TIMEOUT).fetch(APP, 100, 99, List.of()))
        .hasMessageContaining("not in 1..99");
    assertThatThrownBy(
            () ->
                new AppFetch(joiner, joinerApps, TIMEOUT)
                    .fetch(APP, AppProtocol.MAX_MODULE_BYTES + 1, Long.MAX_VALUE, List.of()))
        .hasMessageContaining("not in 1.." + AppProtocol.MAX_MODULE_BYTES);
  }

  private byte[] fetch(List<PeerId> peers) {
    return new AppFetch(joiner, joinerApps, TIMEOUT).fetch(APP, MODULE.length, 20 << 20, peers);
  }

  /** A peer serving {@code served} through the real {@link AppServer}, connected to the joiner. */
  private Transport serving(int seed, Serving served, List<Long> offsets) {
    Transport peer = transport(seed);
    AppServer server = new AppServer(served);
    peer.serve(
        AppProtocol.ID,
        (from, request) -> {
          long offset = AppProtocol.decodeRequest(request).offset();
          if (offsets != null) {
            offsets.add(offset);
          }
          if (offset >= served.failFrom) {
            throw new IllegalStateException("interrupted at " + offset);
          }
          return server.handle(from, request);
        });
    Transport.PeerInfo info = peer.localPeer();
    joiner
        .dial(info.listenAddresses().get(0) + "/p2p/" + info.id())
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
    await().atMost(TIMEOUT).until(() -> joiner.connectedPeers().contains(info.id()));
    return peer;
  }

  private Transport transport(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    Transport transport =
        provider.start(
            new TransportConfig(KeyPair.fromSeed(bytes), List.of("/memory/0"), List.of()));
    transports.add(transport);
    return transport;
  }

  private static byte[] module(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** A member's side in memory: it serves {@code module} (none when null). */
  private static final class Serving implements ApplicationTransfer {
    private final byte[] module;
    volatile long failFrom = Long.MAX_VALUE;

    Serving(byte[] module) {
      this.module = module;
    }

    @Override
    public Optional<byte[]> servedModule(ApplicationId application) {
      return Optional.ofNullable(module);
    }

    @Override
    public byte[] partialDownload(ApplicationId application) {
      return new byte[0];
    }

    @Override
    public void saveChunk(ApplicationId application, long offset, byte[] chunk) {}

    @Override
    public void discardDownload(ApplicationId application) {}
  }
}
