package fleet.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SequencedSet;

/**
 * What {@link Registry#register} did, all in one transaction.
 *
 * @param apikeys               name → apikey for every edge of the range, in index order: the keys the
 *                              edges' configurations must use
 * @param created               devices inserted now
 * @param rotated               devices fleet had created before that got a new apikey now
 * @param foreign               devices that existed without fleet's marker: their apikeys are used as they
 *                              are and never changed, not even with --rotate-apikeys
 * @param backendRestartNeeded  the database is external and devices were created or got new apikeys: an
 *                              OpenEMS Backend (Metadata.Odoo reads devices only when it starts) refuses
 *                              them until it is restarted
 */
public record Registration(SequencedMap<String, String> apikeys, SequencedSet<String> created,
        SequencedSet<String> rotated, SequencedSet<String> foreign, boolean backendRestartNeeded) {

    public Registration {
        apikeys = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(apikeys));
        created = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(created));
        rotated = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(rotated));
        foreign = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(foreign));
    }

    /** The apikey of one edge of the range. */
    public String apikey(String edgeName) {
        String apikey = apikeys.get(edgeName);
        if (apikey == null) {
            throw new IllegalArgumentException(edgeName + " is not in the registered range");
        }
        return apikey;
    }

    /** Devices that existed before and kept their apikey. */
    public int kept() {
        return apikeys.size() - created.size() - rotated.size();
    }

    /** The one line to print after registering, when the OpenEMS Backend must be restarted. */
    public Optional<String> backendHint() {
        if (!backendRestartNeeded) {
            return Optional.empty();
        }
        String what = (created.isEmpty() ? "" : created.size() + " new device" + (created.size() == 1 ? "" : "s"))
                + (!created.isEmpty() && !rotated.isEmpty() ? " and " : "")
                + (rotated.isEmpty() ? "" : rotated.size() + " new apikey" + (rotated.size() == 1 ? "" : "s"));
        return Optional.of(what + " in openems_device: restart the OpenEMS Backend so that it accepts them"
                + " (Metadata.Odoo reads the devices only when it starts)");
    }
}
