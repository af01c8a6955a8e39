package fleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Felix ConfigAdmin files by hand for runtime tests that must not depend on the template
 * renderer: {@code <dir>/<pid with . as />.config}.
 */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** A factory configuration {@code <factoryPid>.<suffix>}; {@code lines} are ready-made key=value lines. */
    public static void factory(Path configDir, String factoryPid, String suffix, String... lines) {
        String pid = factoryPid + "." + suffix;
        StringBuilder text = new StringBuilder();
        text.append("service.factoryPid=\"").append(factoryPid).append("\"\n");
        text.append("service.pid=\"").append(pid).append("\"\n");
        for (String line : lines) {
            text.append(line).append('\n');
        }
        write(configDir, pid, text.toString());
    }

    public static void singleton(Path configDir, String pid, String... lines) {
        StringBuilder text = new StringBuilder("service.pid=\"" + pid + "\"\n");
        for (String line : lines) {
            text.append(line).append('\n');
        }
        write(configDir, pid, text.toString());
    }

    private static void write(Path configDir, String pid, String text) {
        Path file = configDir.resolve(pid.replace('.', '/') + ".config");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
