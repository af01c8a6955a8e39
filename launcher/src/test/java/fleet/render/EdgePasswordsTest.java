package fleet.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ConfigFile;
import fleet.config.Configuration;
import fleet.config.CoreUsers;
import fleet.plan.EdgeRange;
import fleet.plan.TemplateSettings;
import fleet.plan.TemplateSettings.EdgePasswords;
import fleet.workdir.CredentialsView;
import fleet.workdir.EdgeCredentials;
import fleet.workdir.WorkDir;

/**
 * Every edge's OpenEMS users get their own passwords: generated once, kept with mode 0600, the same
 * hashes in {@code Core.User} on every run; {@code --edge-passwords default} renders OpenEMS's own.
 */
class EdgePasswordsTest {

    private static final URI BACKEND = URI.create("ws://127.0.0.1:8081");
    private static final Set<String> OPENEMS_PIDS = Set.of(CoreUsers.PID, "Core.Sum");

    @TempDir
    Path dir;

    private WorkDir workDir() {
        return new WorkDir(dir.resolve("work")).create();
    }

    private EdgeConfigs configs(WorkDir workDir, EdgePasswords passwords, Set<String> componentPids) {
        TemplateSettings settings = new TemplateSettings(Optional.empty(), 20_000, 10, 0).withPasswords(passwords);
        return EdgeConfigs.load(settings, new EdgeRange(0, 2), 42L, workDir).withWarmStart(componentPids);
    }

    private static Configuration coreUser(WorkDir workDir, String edge) {
        return ConfigFile.read(workDir.edge(edge).configDir().resolve("Core/User.config"));
    }

    @Test
    void eachEdgeGetsItsOwnPasswordsKeptPrivateAndStableAcrossRuns() throws Exception {
        WorkDir workDir = workDir();
        EdgeConfigs configs = configs(workDir, EdgePasswords.GENERATED, OPENEMS_PIDS);
        configs.write(0, "edge0", "k0", BACKEND);
        configs.write(1, "edge1", "k1", BACKEND);

        Path file = workDir.edge("edge0").credentialsFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, CoreUsers.Secret> edge0 = EdgeCredentials.read(file);
        Map<String, CoreUsers.Secret> edge1 = EdgeCredentials.read(workDir.edge("edge1").credentialsFile());
        assertEquals(CoreUsers.USERS, List.copyOf(edge0.keySet()));
        assertNotEquals(edge0.get("admin").password(), edge1.get("admin").password());
        assertNotEquals(CoreUsers.OPENEMS_DEFAULTS.get("admin").password(), edge0.get("admin").password());
        assertEquals(CoreUsers.hash(edge0.get("admin").password(), edge0.get("admin").salt()),
                coreUser(workDir, "edge0").string("adminPassword").orElseThrow(), "Core.User holds its hash");

        Configuration before = coreUser(workDir, "edge0");
        configs(workDir, EdgePasswords.GENERATED, OPENEMS_PIDS).write(0, "edge0", "k0", BACKEND);
        assertEquals(edge0, EdgeCredentials.read(file), "the same passwords on the next run");
        assertEquals(before, coreUser(workDir, "edge0"));

        assertTrue(CredentialsView.lines(workDir, List.of("edge0")).get(0)
                .contains("admin " + edge0.get("admin").password()));
    }

    @Test
    void defaultKeepsOpenemsUsersAndTheFileAndStatusSaysSo() {
        WorkDir workDir = workDir();
        configs(workDir, EdgePasswords.GENERATED, OPENEMS_PIDS).write(0, "edge0", "k0", BACKEND);
        Map<String, CoreUsers.Secret> generated = EdgeCredentials.read(workDir.edge("edge0").credentialsFile());

        configs(workDir, EdgePasswords.DEFAULT, OPENEMS_PIDS).write(0, "edge0", "k0", BACKEND);

        assertEquals(CoreUsers.configuration(CoreUsers.OPENEMS_DEFAULTS).string("adminPassword"),
                coreUser(workDir, "edge0").string("adminPassword"));
        assertEquals(generated, EdgeCredentials.read(workDir.edge("edge0").credentialsFile()), "nothing deleted");
        assertTrue(CredentialsView.lines(workDir, List.of("edge0")).get(0).contains("does not hold the passwords"));
    }

    @Test
    void anEdgeAppWithoutOpenemsUserServiceGetsNoCoreUser() {
        WorkDir workDir = workDir();
        configs(workDir, EdgePasswords.GENERATED, Set.of("Core.Sum")).write(0, "edge0", "k0", BACKEND);

        assertFalse(Files.exists(workDir.edge("edge0").configDir().resolve("Core/User.config")));
        assertFalse(Files.exists(workDir.edge("edge0").credentialsFile()));
        assertTrue(CredentialsView.lines(workDir, List.of("edge0")).get(0).contains("OpenEMS's default users"));
    }
}
