package fleet.runtime;

import java.util.concurrent.TimeUnit;

/**
 * Spaces framework starts so that at most {@code perSecond} begin in any second. Each edge opens
 * its backend connection as soon as it has started, so this is what keeps N edges from hitting
 * the backend in the same instant.
 */
final class StartPacer {

    private final long intervalNanos;
    private long next;

    StartPacer(double perSecond) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.next = System.nanoTime();
    }

    /** Blocks until the caller may start the next framework. */
    void awaitTurn() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
