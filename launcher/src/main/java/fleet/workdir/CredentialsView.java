package fleet.workdir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fleet.config.ConfigFile;
import fleet.config.Configuration;
import fleet.config.CoreUsers;

/**
 * One line per edge with the passwords of its OpenEMS users, for {@code fleet status
 * --show-credentials}: from the edge's credentials file, and only where the edge's {@code Core.User}
 * really holds them (after {@code --edge-passwords default}, or without a file, it says so).
 */
public final class CredentialsView {

    private CredentialsView() {
    }

    public static List<String> lines(WorkDir workDir, List<String> edges) {
        List<String> lines = new ArrayList<>();
        for (String edge : edges) {
            lines.add(edge + "  " + of(workDir.edge(edge)));
        }
        return lines;
    }

    /** User → password where the edge's {@code Core.User} holds fleet's passwords; else empty. */
    public static Map<String, String> passwords(WorkDir.EdgeDirs edge) {
        Map<String, CoreUsers.Secret> secrets = EdgeCredentials.read(edge.credentialsFile());
        Optional<Configuration> users = coreUser(edge);
        if (secrets.isEmpty() || users.isEmpty() || !users.get().properties().entrySet()
                .containsAll(CoreUsers.configuration(secrets).properties().entrySet())) {
            return Map.of();
        }
        Map<String, String> passwords = new java.util.LinkedHashMap<>();
        secrets.forEach((user, secret) -> passwords.put(user, secret.password()));
        return passwords;
    }

    private static String of(WorkDir.EdgeDirs edge) {
        Map<String, String> passwords = passwords(edge);
        if (!passwords.isEmpty()) {
            StringBuilder line = new StringBuilder();
            passwords.forEach((user, password) -> line.append(line.isEmpty() ? "" : "  ").append(user).append(' ')
                    .append(password));
            return line.toString();
        }
        Optional<Configuration> users = coreUser(edge);
        if (users.isEmpty() || EdgeCredentials.read(edge.credentialsFile()).isEmpty()) {
            return "OpenEMS's default users (admin/admin, installer/installer, owner/owner, guest/user)"
                    + (users.isEmpty() ? "" : " or the passwords in its " + CoreUsers.PID + " configuration");
        }
        return "its " + CoreUsers.PID + " does not hold the passwords of " + edge.credentialsFile()
                + " (a run with --edge-passwords default?)";
    }

    private static Optional<Configuration> coreUser(WorkDir.EdgeDirs edge) {
        Path file = edge.configDir().resolve(ConfigFile.relativePath(CoreUsers.PID));
        try {
            return Files.isRegularFile(file) ? Optional.of(ConfigFile.read(file)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
