package fleet.runtime;

import java.util.Arrays;

/** The hosting JVM's live platform threads, for the few things fleet does to edge threads at a stop. */
final class LiveThreads {

    private LiveThreads() {
    }

    static Thread[] all() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count = root.enumerate(threads, true);
        return Arrays.copyOf(threads, count);
    }
}
