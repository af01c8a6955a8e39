package fleet.registry;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * What {@link Registry#unregister} did.
 *
 * @param removed devices fleet had created, now deleted
 * @param kept    devices of the range that fleet did not create: left as they are
 */
public record Unregistration(SequencedSet<String> removed, SequencedSet<String> kept) {

    public Unregistration {
        removed = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(removed));
        kept = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(kept));
    }
}
