package fleet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The hosting JVM's priority flags: the demoted priority runs at nice 19, every other at the nice level
 * the JVM was started with (0, unless the user started fleet with nice). */
class ThreadPriorityFlagsTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void theDemotedPriorityRunsAtNice19AndNormalThreadsAreUntouched() throws Exception {
        String output = ProbeJvm.run(JvmFlags.threadPriorities(), NiceProbe.class);
        assertTrue(output.contains("probe-lowered 19"), output);
        String started = output.lines().filter(line -> line.startsWith("process ")).findFirst().orElseThrow()
                .substring("process ".length());
        // nice 0 is what the flags ask for; without the privilege to lower a nice value a thread keeps the process's
        assertTrue(output.contains("probe-normal 0") || output.contains("probe-normal " + started),
                "a normal thread runs as without the flags: " + output);
    }

    @Test
    void theJvmsWarningAboutThePolicyIsRecognised() {
        assertTrue(JvmFlags.isPriorityPolicyWarning("OpenJDK 64-Bit Server VM warning: -XX:ThreadPriorityPolicy=1 may "
                + "require system level permission, e.g., being the root user. If the necessary permission is not "
                + "possessed, changes to priority will be silently ignored."));
        assertTrue(!JvmFlags.isPriorityPolicyWarning("OpenJDK 64-Bit Server VM warning: CodeCache is full."));
        assertTrue(JvmFlags.forEdges(10).containsAll(JvmFlags.threadPriorities()));
    }
}
