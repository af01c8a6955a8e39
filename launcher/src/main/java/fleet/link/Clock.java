package fleet.link;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as fleet shows them to people: local wall-clock time. */
final class Clock {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Clock() {
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
