package fleet.state;

/** The ports an edge listens on; 0 = none. */
public record EdgePorts(int rest, int websocket, int modbus, int http) {

    public static final EdgePorts NONE = new EdgePorts(0, 0, 0, 0);
}
