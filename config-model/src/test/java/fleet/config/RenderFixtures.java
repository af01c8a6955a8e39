package fleet.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The fleet the golden files were rendered for. */
final class RenderFixtures {

    static final long SEED = 0x5EED_F1EE_7000_0001L;
    static final URI BACKEND = URI.create("ws://backend.test:8081");

    private RenderFixtures() {
    }

    static EdgeRenderer renderer() {
        Template template = Template.builtIn();
        return new EdgeRenderer(template, SEED, PortPlan.perEdge(template, 20_000, 10));
    }

    static EdgeSpec spec(int index) {
        return new EdgeSpec(index, "edge" + index, "apikey" + index + "-XXXXXXXXXXXXXX", Optional.of(BACKEND),
                index < 1, Map.of(Placeholders.LOG_DIR, "/srv/fleet work/edges/edge" + index + "/logs"));
    }
}
