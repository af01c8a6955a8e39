package fleet.control;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What can be changed in a running fleet. The dashboard and the JSON API call this; the run
 * pipeline implements it by sending each request down the same stages a start goes through
 * (registry, rendering, runtime, backend link), so a change never reaches across them.
 * Every method throws {@link fleet.FleetException} with a message for the user when it cannot
 * do what was asked (unknown edge, bad count).
 */
public interface FleetControl {

    void startEdge(String name);

    void stopEdge(String name);

    void restartEdge(String name);

    /** Cuts the edge's backend connection and keeps it cut for this long (fault injection). */
    void cutBackend(String name, Duration duration);

    /** Registers, renders and starts {@code count} more edges after the last one; returns their names. */
    List<String> addEdges(int count);

    /** Stops and forgets the last {@code count} edges (their files stay); returns their names. */
    List<String> removeEdges(int count);

    /** The edge's log file that a log tail shows, if the edge exists. */
    Optional<Path> logFile(String name);

    /** User → password of the edge's OpenEMS users, where fleet set them; empty = OpenEMS's defaults. */
    Map<String, String> credentials(String name);
}
