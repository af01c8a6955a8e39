package fleet.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Run in a child JVM by ThreadPriorityFlagsTest: prints "name nice" for two threads it starts
 * and for the process (the nice level it was started with). */
public final class NiceProbe {

    public static void main(String[] args) throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        Thread lowered = park("probe-lowered", end);
        Thread normal = park("probe-normal", end);
        lowered.setPriority(JvmFlags.DEMOTED_PRIORITY);
        normal.setPriority(Thread.NORM_PRIORITY);
        Thread.sleep(100);
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.startsWith("probe-")) {
                    String stat = Files.readString(task.resolve("stat"));
                    // fields after "(comm) ": state is field 3; nice is field 19
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    System.out.println(comm + " " + fields[16]);
                }
            }
        }
        String stat = Files.readString(Path.of("/proc/self/stat"));
        System.out.println("process " + stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        end.countDown();
    }

    private static Thread park(String name, CountDownLatch end) {
        Thread thread = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        return thread;
    }
}
