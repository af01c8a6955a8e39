package io.openems.common.worker;

/**
 * Test stand-in (not OpenEMS code) with the one trait fleet relies on: OpenEMS's AbstractWorker
 * runs its loop in an anonymous Thread subclass, its first anonymous class, so
 * {@code io.openems.common.worker.AbstractWorker$1}.
 */
public abstract class AbstractWorker {

    public final Thread thread = new Thread() {
        @Override
        public void run() {
        }
    };
}
