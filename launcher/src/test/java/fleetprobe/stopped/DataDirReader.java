package fleetprobe.stopped;

import java.util.function.Supplier;

/**
 * Packed into a bundle by StoppedBundleLookupTest: code of an edge that reads the data dir the way
 * OpenEMS does, with the JVM-wide System.getProperty.
 */
public final class DataDirReader implements Supplier<String> {

    @Override
    public String get() {
        return System.getProperty("openems.data.dir");
    }
}
