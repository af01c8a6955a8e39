package fleet.host;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.app.SharedLibraries;
import fleet.host.bind.AgentJar;
import fleet.console.Console;
import fleet.plan.FleetPlan;
import fleet.workdir.WorkDir;

/**
 * Runs the fleet in a child JVM whose working directory is inside the work dir. OpenEMS deletes
 * {@code *.log}, {@code core} and {@code *.hprof} files in its JVM's working directory every five
 * minutes; this keeps that away from the directory the user started fleet in. The child also gets
 * the JVM flags fleet chooses for the fleet's size and an environment without NOTIFY_SOCKET (one
 * edge would speak to systemd for all). Output is inherited (error output through a copy that
 * drops one JVM warning, see JvmFlags), signals forwarded, and the child's
 * exit code becomes fleet's.
 */
public final class HostJvm {

    /** Environment variables that must not reach the frameworks. */
    private static final List<String> WITHHELD_ENV = List.of("NOTIFY_SOCKET");

    private HostJvm() {
    }

    public static ExitCode relaunch(FleetPlan plan, List<String> args) {
        WorkDir workDir = new WorkDir(plan.workDir()).create();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> flags = JvmFlags.forEdges(plan.edges().count());
        command.addAll(flags);
        command.add("-javaagent:" + AgentJar.writeInto(workDir.jvmDir()));
        command.add("-cp");
        command.add(absoluteClassPath() + sharedLibraryJars(plan, workDir));
        command.add(fleet.cli.Main.class.getName());
        command.add("run");
        command.add("--hosted");
        command.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.jvmDir().toFile()).inheritIO()
                .redirectError(ProcessBuilder.Redirect.PIPE); // copied by copyErrorOutput
        Map<String, String> environment = builder.environment();
        WITHHELD_ENV.forEach(environment::remove);
        environment.put(LaunchDir.ENV, LaunchDir.base().toString());
        // glibc gives every busy thread its own malloc arena (up to 8 per core); with hundreds of edge
        // threads that is resident memory nobody uses. Two arenas are plenty for a JVM.
        environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
        Console.stdout().info("hosting JVM: " + String.join(" ", flags)
                + (plan.verbose() ? " (working directory " + workDir.jvmDir() + ")" : ""));

        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw FleetException.failure("cannot start the JVM that hosts the edges (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
        Thread errorCopy = copyErrorOutput(child);
        AtomicBoolean signalled = new AtomicBoolean();
        Signals.onTermination(signal -> {
            signalled.set(true);
            child.destroy(); // SIGTERM: the child stops its frameworks in order and exits 0
        });
        // The hosted fleet gives up on edges after the grace without progress; the launcher waits a
        // little longer than that for the fleet's own teardown (receiver, PostgreSQL) after the edges.
        int code = waitFor(child, signalled, plan.runtime().stopGrace().plusSeconds(15),
                new StopProgress(workDir.jvmDir()));
        try {
            errorCopy.join(2_000); // the child's last lines before fleet's own
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return switch (code) {
            case 0 -> ExitCode.OK;
            case 2 -> ExitCode.BAD_INPUT;
            case 3 -> ExitCode.NOT_ONLINE;
            case 1 -> ExitCode.FAILURE;
            default -> {
                Console.stderr().error("the JVM that hosted the edges ended with exit code " + code
                        + (code > 128 ? " (signal " + (code - 128) + ")" : ""));
                yield ExitCode.FAILURE;
            }
        };
    }

    /** Copies the child's error output to fleet's, without the JVM's warning about thread priorities. */
    private static Thread copyErrorOutput(Process child) {
        Thread copy = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getErrorStream(), Charset.defaultCharset()))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!JvmFlags.isPriorityPolicyWarning(line)) {
                        System.err.println(line);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "fleet-host-stderr");
        copy.setDaemon(true);
        copy.start();
        return copy;
    }

    private static int waitFor(Process child, AtomicBoolean signalled, Duration patience, StopProgress progress) {
        while (true) {
            try {
                return progress.awaitExit(child, signalled, patience);
            } catch (InterruptedException e) {
                // treated like a signal: ask the child to stop and keep waiting for it
                signalled.set(true);
                child.destroy();
            }
        }
    }

    /**
     * The jars of the libraries all edges share go on the hosting JVM's class path; the hosted fleet
     * makes the same selection and exports their packages from every framework's system bundle.
     */
    private static String sharedLibraryJars(FleetPlan plan, WorkDir workDir) {
        if (!plan.runtime().sharing().enabled()) {
            return "";
        }
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(plan.edgeApp());
        SharedLibraries shared = SharedLibraries.select(app, SharedLibraries.candidates(plan.runtime().sharing().list()));
        StringBuilder jars = new StringBuilder();
        shared.jars().forEach(jar -> jars.append(File.pathSeparator).append(jar.toAbsolutePath()));
        return jars.toString();
    }

    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
