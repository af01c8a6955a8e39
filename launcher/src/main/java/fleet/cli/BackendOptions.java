package fleet.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import fleet.plan.BackendSettings;
import picocli.CommandLine.Option;

/** Where the edges send their data, and how fleet proves they arrived. */
public final class BackendOptions {

    @Option(names = "--backend", paramLabel = "URI",
            description = "OpenEMS Backend websocket, e.g. ws://localhost:8081 (default: fleet's built-in receiver,"
                    + " which is not an OpenEMS Backend).")
    URI uri;

    @Option(names = "--receiver-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the built-in receiver on 127.0.0.1 (default: any free port).")
    int receiverPort;

    @Option(names = "--connect-rate", paramLabel = "PER-SECOND", defaultValue = "" + BackendSettings.DEFAULT_CONNECT_RATE,
            description = "New backend connections per second while the fleet starts (default: ${DEFAULT-VALUE}).")
    double connectRate;

    @Option(names = "--wait-online", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait until every edge is online, at most this long (e.g. 120s); exit code 3 if not.")
    Duration waitOnline;

    @Option(names = "--with-backend",
            description = "Run a real OpenEMS Backend for the edges, as child processes on 127.0.0.1 with its Metadata.Odoo"
                    + " on fleet's database: openems-backend.jar from $FLEET_OPENEMS_BACKEND_JAR, ./openems-backend.jar or"
                    + " the --openems-version release; for 2026.2+ also openems-backend-edge.jar from"
                    + " $FLEET_OPENEMS_BACKEND_EDGE_JAR or ./openems-backend-edge.jar.")
    boolean withBackend;

    public boolean withBackend() {
        return withBackend;
    }

    public BackendSettings toSettings() {
        return toSettings(Optional.empty());
    }

    public BackendSettings toSettings(Optional<BackendSettings.BackendJars> runBackend) {
        return new BackendSettings(Optional.ofNullable(uri), receiverPort, connectRate, Optional.ofNullable(waitOnline),
                runBackend);
    }
}
