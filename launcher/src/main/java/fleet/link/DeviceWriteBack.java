package fleet.link;

import java.util.Collection;

/**
 * Writes the receiver's view of many devices to {@code openems_device} in one batch. FleetRun
 * passes the registry's batch update; it may throw, the receiver logs that and tries again next time.
 */
@FunctionalInterface
public interface DeviceWriteBack {

    void writeBack(Collection<DeviceReport> reports);
}
