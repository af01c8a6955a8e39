package fleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void readsKeyedLinesOfStatusAndMeminfo() {
        String status = "Name:\tjava\nVmRSSmax:\t1 kB\nVmRSS:\t  157812 kB\nThreads:\t55\n";
        assertEquals(157812, ProcFs.statusValue(status, "VmRSS"));
        assertEquals(55, ProcFs.statusValue(status, "Threads"));
        assertThrows(IllegalArgumentException.class, () -> ProcFs.statusValue(status, "VmHWM"));
    }

    @Test
    void cpuTicksAreCountedFromTheLastParenthesisOfTheCommandName() {
        // utime 516, stime 25: fields 14 and 15; the name holds spaces and a ')'
        String stat = "32121 (my) java x) S 32101 32007 28817 0 -1 4194304 33642 19588 0 0 516 25 36 15 20 0 55 0 400186";
        assertEquals(541, ProcFs.cpuTicks(stat));
    }

    @Test
    void samplesThisJvm() {
        ProcFs.Sample self = ProcFs.sample(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(self.rssKib() > 10_000, "a JVM has more than 10 MB resident: " + self);
        assertTrue(self.threads() > 5, self.toString());
        assertTrue(self.cpuTicks() > 0, self.toString());
        assertTrue(ProcFs.pssKib(ProcessHandle.current().pid()) > 0);
        assertTrue(ProcFs.sample(Long.MAX_VALUE).isEmpty(), "a process that does not exist has no sample");
        assertTrue(ProcFs.clockTicksPerSecond() > 0);
        assertTrue(ProcFs.loadAverage()[0] >= 0);
    }

    /** A child JVM that waits to be killed. */
    static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    @Test
    void readsTheWholeCommandLineOfAChildEvenPastOnePage() throws Exception {
        String longArgument = "-Dlong=" + "x".repeat(10_000);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, longArgument, "-cp", System.getProperty("java.class.path"), Idle.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> args = List.of();
            for (int i = 0; i < 100 && !args.equals(command); i++) {
                args = ProcFs.commandLine(child.pid());
                Thread.sleep(50);
            }
            assertEquals(command, args);
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertTrue(ProcFs.commandLine(Long.MAX_VALUE).isEmpty());
    }
}
