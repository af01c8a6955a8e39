package fleet.bench;

import java.time.Duration;
import java.util.List;

/**
 * The steady phase of a run: RSS and threads of the measured JVMs sampled every second (summed
 * over the JVMs at each sample), CPU time (utime + stime) taken at both ends of the window.
 *
 * @param rssMeanKib mean of the summed RSS samples
 * @param rssMaxKib  largest summed RSS sample
 * @param threads    largest summed thread count
 * @param cpuPercent CPU used during the window, in % of one core, all JVMs together
 */
record SteadyWindow(double rssMeanKib, long rssMaxKib, int threads, double cpuPercent) {

    private static final long SAMPLE_MILLIS = 1000;

    static SteadyWindow measure(List<Long> pids, Duration window) {
        long ticksBefore = cpuTicks(pids);
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long rssSum = 0;
        long rssMax = 0;
        int threadsMax = 0;
        int samples = 0;
        while (true) {
            long rss = 0;
            int threads = 0;
            for (long pid : pids) {
                ProcFs.Sample sample = sampleOf(pid);
                rss += sample.rssKib();
                threads += sample.threads();
            }
            rssSum += rss;
            rssMax = Math.max(rssMax, rss);
            threadsMax = Math.max(threadsMax, threads);
            samples++;
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            sleep(Math.min(SAMPLE_MILLIS, Math.max(1, (end - now) / 1_000_000)));
        }
        long ticks = cpuTicks(pids) - ticksBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPercent = 100.0 * ticks / ProcFs.clockTicksPerSecond() / seconds;
        return new SteadyWindow((double) rssSum / samples, rssMax, threadsMax, cpuPercent);
    }

    private static long cpuTicks(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            ticks += sampleOf(pid).cpuTicks();
        }
        return ticks;
    }

    private static ProcFs.Sample sampleOf(long pid) {
        return ProcFs.sample(pid).orElseThrow(
                () -> BenchException.failure("process " + pid + " ended during the steady window; see its log under logs/"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BenchException.failure("interrupted during the steady window", e);
        }
    }
}
