package fleet.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What makes one edge different from the others when its configuration is rendered.
 *
 * @param index        the edge's index ({@code edge7} has 7): decides its ports
 * @param name         the edge's name, e.g. {@code edge7}: with the fleet seed, decides its PIDs
 * @param apikey       goes into every {@code Controller.Api.Backend}
 * @param backendUri   goes into every {@code Controller.Api.Backend} as {@code uri}; empty = keep the template's
 * @param debugLog     false = every {@code Controller.Debug.Log} is kept but disabled ({@code enabled=B"false"})
 * @param placeholders values for the template's {@code {{fleet:NAME}}} placeholders, e.g.
 *                     {@link Placeholders#LOG_DIR}; {@code edgeName} and {@code edgeIndex} are added
 */
public record EdgeSpec(int index, String name, String apikey, Optional<URI> backendUri, boolean debugLog,
        Map<String, String> placeholders) {

    public EdgeSpec {
        if (index < 0) {
            throw new IllegalArgumentException("edge index " + index + " is negative");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("edge name is required");
        }
        if (apikey == null) {
            throw new IllegalArgumentException(name + ": apikey is required");
        }
        placeholders = Map.copyOf(placeholders);
    }
}
