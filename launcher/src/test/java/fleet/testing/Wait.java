package fleet.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;

/** Polls until a condition holds; fails with a description of what was seen last. */
public final class Wait {

    private Wait() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted");
            }
        }
        if (!condition.getAsBoolean()) {
            Assertions.fail("not within " + timeout.toSeconds() + " s: " + whatWasSeen.get());
        }
    }
}
