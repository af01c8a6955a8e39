package fleet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreUsersTest {

    @TempDir
    Path tmp;

    @Test
    void hashesAsOpenemsDoes() {
        // the defaults of OpenEMS's Core.User Config: hash and salt of admin/admin ... guest/user
        Configuration defaults = CoreUsers.configuration(CoreUsers.OPENEMS_DEFAULTS);

        assertEquals(Optional.of("txASlUVQkEI9Bxa/IZOJe8l3+R4lMzFTShz27vK44go="), defaults.string("adminPassword"));
        assertEquals(Optional.of("YWRtaW4="), defaults.string("adminSalt"));
        assertEquals(Optional.of("2O1dMlsFdwafy58ehrT+X+0CEWaAmBRad5JFbTLx/Wo="), defaults.string("installerPassword"));
        assertEquals(Optional.of("eJgLBfHTmehv4S1whsfjeE3q3AJmJCBabV59Y65eoYI="), defaults.string("ownerPassword"));
        assertEquals(Optional.of("IcIzJSOvNM1PvQ8v5ypFvPoTZyHw3Knob+zi7d+WspU="), defaults.string("guestPassword"));
        assertEquals(Optional.of("dXNlcg=="), defaults.string("guestSalt"));
        assertEquals(Optional.of(CoreUsers.PID), defaults.pid());
    }

    @Test
    void everyUserNeedsASecret() {
        assertThrows(IllegalArgumentException.class, () -> CoreUsers.configuration(
                Map.of("admin", new CoreUsers.Secret("a", "s".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void aSingletonOfFleetsGoesIntoTheTemplatesFileOrIsMergedIntoOpenemsOwn() throws IOException {
        Configuration users = CoreUsers.configuration(CoreUsers.OPENEMS_DEFAULTS);
        Template template = Template.builtIn();
        EdgeRenderer renderer = new EdgeRenderer(template, RenderFixtures.SEED, PortPlan.perEdge(template, 20_000, 10),
                CoreSingletons.warmStart(Set.of("Core.Sum"), 1000));
        Path configDir = tmp.resolve("config.d");
        // OpenEMS keeps a Core.User with an additional user of its own
        Files.createDirectories(configDir.resolve("Core"));
        Files.writeString(configDir.resolve("Core/User.config"),
                "service.pid=\"Core.User\"\nadminPassword=\"old\"\nusers=\"[]\"\n");

        RenderedEdge edge = renderer.render(RenderFixtures.spec(1)).withSingleton(users);
        edge.writeTo(configDir);

        Configuration written = ConfigFile.read(configDir.resolve("Core/User.config"));
        assertEquals(users.string("adminPassword"), written.string("adminPassword"), "fleet's property set");
        assertEquals(Optional.of("[]"), written.string("users"), "OpenEMS's own property stays");
        assertFalse(edge.files().containsKey("Core/User.config"), "not a file fleet renders in full");
        assertEquals(Optional.of("_sum"), ConfigFile.read(configDir.resolve("Core/Sum.config")).componentId(),
                "the other warm-start singletons stay");

        // a template with its own Core.User: fleet's properties go into that file
        Template withUsers = template.with(Configuration.builder().put(Configuration.SERVICE_PID, CoreUsers.PID)
                .put("adminPassword", "template").put("users", "[]").build());
        RenderedEdge fromTemplate = new EdgeRenderer(withUsers, RenderFixtures.SEED,
                PortPlan.perEdge(withUsers, 20_000, 10)).render(RenderFixtures.spec(1)).withSingleton(users);
        Configuration rendered = fromTemplate.files().get("Core/User.config");
        assertEquals(users.string("adminPassword"), rendered.string("adminPassword"));
        assertEquals(Optional.of("[]"), rendered.string("users"));
    }
}
