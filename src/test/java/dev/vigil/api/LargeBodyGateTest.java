package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.junit.jupiter.api.Test;

/** Large bodies are served one at a time, each freeing the gate only after its share of the bandwidth. */
class LargeBodyGateTest {
  /** Records what is scheduled and runs it only when told. */
  private static final class ManualScheduler extends AbstractLifeCycle implements Scheduler {
    final List<Runnable> tasks = new ArrayList<>();
    final List<Long> delays = new ArrayList<>();

    @Override
    public Task schedule(Runnable task, long delay, TimeUnit unit) {
      tasks.add(task);
      delays.add(unit.toNanos(delay));
      return () -> false;
    }
  }

  @Test
  void smallBodiesNeverPassTheGateLargeAndUnknownOnesDo() {
    assertThat(LargeBodyGate.isLarge(700)).isFalse();
    assertThat(LargeBodyGate.isLarge(LargeBodyGate.SMALL_BODY_BYTES)).isFalse();
    assertThat(LargeBodyGate.isLarge(LargeBodyGate.SMALL_BODY_BYTES + 1)).isTrue();
    assertThat(LargeBodyGate.isLarge(-1)).isTrue();
  }

  @Test
  void secondLargeBodyWaitsUntilTheFirstIsAnsweredAndItsBandwidthShareHasPassed() {
    LargeBodyGate gate = new LargeBodyGate();
    ManualScheduler scheduler = new ManualScheduler();
    List<Callback> served = new ArrayList<>();

    gate.enter(1 << 20, Callback.NOOP, scheduler, served::add);
    gate.enter(1 << 20, Callback.NOOP, scheduler, served::add);
    assertThat(served).hasSize(1);

    served.get(0).succeeded();
    assertThat(served).hasSize(1);
    assertThat(scheduler.delays).hasSize(1);
    assertThat(scheduler.delays.get(0)).isPositive()
        .isLessThanOrEqualTo(TimeUnit.SECONDS.toNanos(1) * (1 << 20) / LargeBodyGate.BYTES_PER_SECOND);

    scheduler.tasks.get(0).run();
    assertThat(served).hasSize(2);
  }
}
