package fleet.state;

/** The backend connection as the edge's own backend controller reports it. */
public enum EdgeConnection {
    /** No backend controller found yet, or it could not be asked. */
    UNKNOWN,
    CONNECTED,
    DISCONNECTED
}
