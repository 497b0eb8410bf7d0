package dev.mero4j.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.BinaryWriter;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.MalformedEncodingException;
import dev.mero4j.runtime.api.ContextSnapshot;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames 14–17 and the snapshot image: round trips and refusals of malformed bytes. */
class CatchUpFramesTest {
  private static final ContextId CTX = ContextId.of(Hash.sha256(new byte[] {1}).toBytes());
  private static final DeltaId D1 = DeltaId.of(Hash.sha256(new byte[] {2}).toBytes());
  private static final DeltaId D2 = DeltaId.of(Hash.sha256(new byte[] {3}).toBytes());
  private static final Hash ROOT = Hash.sha256(new byte[] {4});

  @Test
  void sinceFramesRoundTrip() {
    var request =
        (SyncFrame.SinceRequest)
            roundTrip(new SyncFrame.SinceRequest(CTX, List.of(D1), List.of(D1, D2), 4097));
    assertThat(request.heads()).containsExactly(D1);
    assertThat(request.recent()).containsExactly(D1, D2);
    assertThat(request.cursor()).isEqualTo(4097);
    var page =
        (SyncFrame.SinceResponse)
            roundTrip(
                new SyncFrame.SinceResponse(
                    SyncFrame.SinceOutcome.PAGE,
                    10,
                    2,
                    List.of(new byte[] {7}, new byte[] {8, 9})));
    assertThat(page.envelopes()).hasSize(2).last().isEqualTo(new byte[] {8, 9});
    assertThat(page.total()).isEqualTo(10);
    var refusal =
        (SyncFrame.SinceResponse)
            roundTrip(
                new SyncFrame.SinceResponse(
                    SyncFrame.SinceOutcome.REQUESTER_AHEAD, 0, 0, List.of()));
    assertThat(refusal.outcome()).isEqualTo(SyncFrame.SinceOutcome.REQUESTER_AHEAD);
  }

  @Test
  void snapshotFramesRoundTrip() {
    var request =
        (SyncFrame.SnapshotRequest) roundTrip(new SyncFrame.SnapshotRequest(CTX, ROOT, 1 << 21));
    assertThat(request.snapshot()).isEqualTo(ROOT);
    assertThat(request.offset()).isEqualTo(1 << 21);
    var page =
        (SyncFrame.SnapshotResponse)
            roundTrip(
                new SyncFrame.SnapshotResponse(
                    SyncFrame.SnapshotOutcome.PAGE, ROOT, ROOT, 5, 2, new byte[] {1, 2, 3}));
    assertThat(page.page()).isEqualTo(new byte[] {1, 2, 3});
    assertThat(page.total()).isEqualTo(5);
    assertThat(
            ((SyncFrame.SnapshotResponse)
                    roundTrip(
                        new SyncFrame.SnapshotResponse(
                            SyncFrame.SnapshotOutcome.GONE,
                            Hash.ZERO,
                            Hash.ZERO,
                            0,
                            0,
                            new byte[0])))
                .outcome())
        .isEqualTo(SyncFrame.SnapshotOutcome.GONE);
  }

  @Test
  void malformedCatchUpFramesAreRefused() {
    byte[] pastTotal =
        SyncCodec.encode(new SyncFrame.SinceResponse(SyncFrame.SinceOutcome.PAGE, 3, 3, List.of()));
    pastTotal[4] = 9; // next (9) beyond total (3)
    assertThatThrownBy(() -> SyncCodec.decode(pastTotal))
        .isInstanceOf(MalformedEncodingException.class);
    byte[] unknownOutcome =
        SyncCodec.encode(new SyncFrame.SinceResponse(SyncFrame.SinceOutcome.PAGE, 0, 0, List.of()));
    unknownOutcome[2] = 77;
    assertThatThrownBy(() -> SyncCodec.decode(unknownOutcome))
        .isInstanceOf(MalformedEncodingException.class);
    byte[] hugeOffset =
        new BinaryWriter().version(1).u8(16).id(CTX).id(ROOT).varint(1L << 40).toByteArray();
    assertThatThrownBy(() -> SyncCodec.decode(hugeOffset))
        .isInstanceOf(MalformedEncodingException.class);
  }

  @Test
  void snapshotImageRoundTripsAndRefusesTruncationAndTrailingBytes() {
    ContextSnapshot snapshot =
        new ContextSnapshot(ROOT, List.of(D2), List.of(D1, D2), new byte[300]);
    byte[] image = SnapshotImage.encode(snapshot);
    ContextSnapshot back = SnapshotImage.decode(image);
    assertThat(back.root()).isEqualTo(ROOT);
    assertThat(back.heads()).containsExactly(D2);
    assertThat(back.known()).containsExactly(D1, D2);
    assertThat(back.state()).isEqualTo(new byte[300]);
    assertThat(image.length).isLessThan(200);
    assertThatThrownBy(() -> SnapshotImage.decode(Arrays.copyOf(image, image.length - 3)))
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> SnapshotImage.decode(Arrays.copyOf(image, image.length + 4)))
        .isInstanceOf(MalformedEncodingException.class);
    assertThatThrownBy(() -> SnapshotImage.decode(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(MalformedEncodingException.class);
  }

  private static SyncFrame roundTrip(SyncFrame frame) {
    return SyncCodec.decode(SyncCodec.encode(frame));
  }
}
