package fleet.config;

/**
 * A property of a template that holds a port the edge listens on: each edge gets its own port for
 * it from the {@link PortPlan}.
 *
 * @param number       position in the plan: the edge's port for this slot is {@code base + index * stride + number}
 * @param pid          the template configuration's PID
 * @param factoryPid   its factory PID, or "" for a singleton
 * @param owner        its component id (or its PID if it has no id), for messages
 * @param key          the property, e.g. {@code port}
 * @param templatePort the value in the template (the port a container of its own would use)
 * @param api          which OpenEMS API listens there, if it is one fleet shows
 */
public record PortSlot(int number, String pid, String factoryPid, String owner, String key, int templatePort,
        Api api) {

    /** The APIs whose ports fleet shows per edge. */
    public enum Api {
        REST, WEBSOCKET, MODBUS, OTHER;

        static Api of(String factoryPid) {
            return switch (factoryPid) {
                case FactoryPids.REST_READ_ONLY, FactoryPids.REST_READ_WRITE -> REST;
                case FactoryPids.WEBSOCKET -> WEBSOCKET;
                case FactoryPids.MODBUS_TCP_READ_ONLY, FactoryPids.MODBUS_TCP_READ_WRITE -> MODBUS;
                default -> OTHER;
            };
        }
    }

    /** E.g. {@code ctrlApiRest0.port}. */
    public String label() {
        return owner + "." + key;
    }
}
