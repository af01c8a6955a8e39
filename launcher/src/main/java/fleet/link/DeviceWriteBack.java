package fleet.link;

import java.util.Collection;

import fleet.registry.DeviceReport;

/**
 * Writes the receiver's view of many devices to {@code openems_device} in one batch. FleetRun
 * passes {@code registry::writeBack}; it may throw, the receiver logs that and sends the same
 * changes again with the next batch.
 */
@FunctionalInterface
public interface DeviceWriteBack {

    void writeBack(Collection<DeviceReport> reports);
}
