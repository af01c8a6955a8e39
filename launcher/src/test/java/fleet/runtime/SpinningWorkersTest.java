package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class SpinningWorkersTest {

    @Test
    void lowersOnlyTheWorkersAndEachOnce() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        Thread worker = new Thread(() -> await(end), "test-worker");
        Thread other = new Thread(() -> await(end), "test-other");
        worker.start();
        other.start();
        try {
            SpinningWorkers workers = SpinningWorkers.matching(thread -> thread == worker);
            assertEquals(1, workers.demote());
            assertEquals(SpinningWorkers.DEMOTED_PRIORITY, worker.getPriority());
            assertEquals(Thread.NORM_PRIORITY, other.getPriority());
            assertEquals(0, workers.demote(), "a lowered worker is not lowered again");
        } finally {
            end.countDown();
        }
    }

    @Test
    void recognisesOpenemsWorkerThreadsByTheirClass() {
        Thread openemsLike = new io.openems.common.worker.AbstractWorker() {
        }.thread;
        Thread plain = new Thread(() -> {
        });
        assertEquals(true, SpinningWorkers.isOpenemsWorker(openemsLike));
        assertEquals(false, SpinningWorkers.isOpenemsWorker(plain));
    }

    private static void await(CountDownLatch end) {
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
