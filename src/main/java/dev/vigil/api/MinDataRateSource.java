package dev.vigil.api;

import org.eclipse.jetty.io.Content;

/**
 * A request body that fails (408) once fewer bytes have arrived than
 * {@link ConnectionBounds#MIN_REQUEST_DATA_RATE} per second since reading began. Jetty checks
 * {@code HttpConfiguration.setMinRequestDataRate} only on servlet reads, not on the core routes'
 * {@link Content.Source}. A body that stops arriving altogether is closed by the idle timeout.
 */
final class MinDataRateSource implements Content.Source {
  /**
   * The rate is measured only after this much time: a small honest body whose first bytes arrive a
   * few milliseconds after the first read (scheduling, a loaded machine) is below any rate at first.
   */
  static final long GRACE_MILLIS = 1000;

  private final Content.Source body;
  private final long minBytesPerSecond;
  private boolean started;
  private long startNanos;
  private long bytesArrived;

  MinDataRateSource(Content.Source body, long minBytesPerSecond) {
    this.body = body;
    this.minBytesPerSecond = minBytesPerSecond;
  }

  @Override
  public long getLength() {
    return body.getLength();
  }

  @Override
  public Content.Chunk read() {
    long now = System.nanoTime();
    if (!started) {
      started = true;
      startNanos = now;
    }
    Content.Chunk chunk = body.read();
    if (chunk == null || Content.Chunk.isFailure(chunk)) {
      return chunk;
    }
    bytesArrived += chunk.remaining();
    long measuredMillis = (now - startNanos) / 1_000_000L - GRACE_MILLIS;
    long expected = measuredMillis <= 0 ? 0 : minBytesPerSecond * measuredMillis / 1000L;
    if (!chunk.isLast() && bytesArrived < expected) {
      chunk.release();
      ApiException slow = new ApiException(408,
          "request body data rate below " + minBytesPerSecond + " bytes per second: " + bytesArrived + " bytes arrived");
      body.fail(slow);
      return Content.Chunk.from(slow, true);
    }
    return chunk;
  }

  @Override
  public void demand(Runnable demandCallback) {
    body.demand(demandCallback);
  }

  @Override
  public void fail(Throwable failure) {
    body.fail(failure);
  }

  @Override
  public void fail(Throwable failure, boolean last) {
    body.fail(failure, last);
  }
}
