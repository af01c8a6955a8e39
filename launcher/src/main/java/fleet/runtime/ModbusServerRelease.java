package fleet.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.function.BiConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Closes the Modbus/TCP servers an edge leaves open when it stops, as the end of an OpenEMS process
 * would. OpenEMS's Modbus/TCP API opens its server through j2mod's {@code ModbusSlaveFactory} and
 * does not close it on deactivation ({@code AbstractModbusApi.deactivate} stops its worker and then
 * sleeps 10 s "until the slave was completely closed"): within one OpenEMS process the next
 * activation gets the same server back from the factory's cache. In fleet an edge's next start is a
 * new framework, with a new j2mod and an empty cache, while the old server still held the port:
 * after fleet restarted a real edge, OpenEMS reported {@code ctrlApiModbusTcp0/UnableToStart FAULT}
 * and the edge was not healthy; and the old server's threads kept a removed edge's classes loaded
 * (48 of its 70 bundle class loaders, with everything they reach). So once an edge's bundles have
 * stopped, fleet calls j2mod's own public {@code ModbusSlaveFactory.close()} in that edge: the
 * cleanup OpenEMS leaves to the end of its process. Whichever bundle carries the factory is used.
 */
final class ModbusServerRelease {

    static final String FACTORY = "com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory";
    private static final String FACTORY_ENTRY = FACTORY.replace('.', '/') + ".class";

    private ModbusServerRelease() {
    }

    /** Closes every server the edge's j2mod still has open; failures go to {@code log}. Never throws. */
    static void closeServers(BundleContext edge, BiConsumer<String, Throwable> log) {
        try {
            for (Bundle bundle : edge.getBundles()) {
                if (bundle.getEntry(FACTORY_ENTRY) != null) {
                    bundle.loadClass(FACTORY).getMethod("close").invoke(null);
                }
            }
        } catch (InvocationTargetException e) {
            log.accept("closing the edge's Modbus/TCP servers failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.accept("closing the edge's Modbus/TCP servers failed: " + e, e);
        }
    }
}
