package fleet.link;

import java.util.Optional;

/**
 * Which edge an apikey belongs to, as {@code openems_device} says. FleetRun passes
 * {@code registry::edgeNameForApikey}. Called once per incoming connection, on a receiver thread.
 */
@FunctionalInterface
public interface ApikeyLookup {

    /** The edge name ({@code openems_device.name}) of this apikey; empty when no device has it. */
    Optional<String> edgeNameFor(String apikey);
}
