package fleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What every trial shares: the options, the JDK that runs fleet, the baseline and jcmd, the
 * processes started so far, and the directories.
 *
 * @param logsDir    kept: fleet's console output and every baseline edge's output, per run
 * @param scratchDir start dirs, work dirs and config.d of the runs; removed after each run unless --keep-scratch
 */
record Setup(BenchOptions options, Path javaHome, StartedProcesses processes, Jcmd jcmd, Path logsDir, Path scratchDir) {

    Path java() {
        return javaHome.resolve("bin/java");
    }

    void say(String line) {
        System.out.println("bench: " + line);
        System.out.flush();
    }

    /** Removes a scratch directory of a finished run, unless the user asked to keep them. */
    void discard(Path dir) {
        if (!options.keepScratch()) {
            try {
                deleteTree(dir);
            } catch (UncheckedIOException e) {
                say("could not remove " + dir + ": " + e.getCause().getMessage());
            }
        }
    }

    /** True once Ctrl-C or SIGTERM asked the harness to stop: failures after that are the stop itself. */
    boolean stopping() {
        return processes.closing();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone already: a process still running removed it
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    try {
                        Files.deleteIfExists(d);
                    } catch (java.nio.file.DirectoryNotEmptyException notYet) {
                        // a process that is still stopping wrote into it; the next run's start removes it
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw BenchException.failure("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BenchException.failure("interrupted", e);
        }
    }

    /** A port nothing listens on now (the dashboard of the fleet under test). */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw BenchException.failure("no free port on this machine: " + e.getMessage());
        }
    }
}
