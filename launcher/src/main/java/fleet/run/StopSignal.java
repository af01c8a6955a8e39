package fleet.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The one reason a running fleet stops: a signal, --duration, or the launcher process going away. */
final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String reason;

    void trigger(String why) {
        if (reason == null) {
            reason = why;
        }
        latch.countDown();
    }

    boolean triggered() {
        return latch.getCount() == 0;
    }

    /** Waits for a stop, or until {@code limit} passes; returns the reason. */
    String await(Optional<Duration> limit) throws InterruptedException {
        if (limit.isPresent()) {
            if (!latch.await(limit.get().toMillis(), TimeUnit.MILLISECONDS)) {
                trigger("--duration " + limit.get().toString().substring(2).toLowerCase() + " reached");
            }
        } else {
            latch.await();
        }
        return reason;
    }
}
