package fleet.runtime;

import fleet.plan.OsgiFramework;

/** {@link EdgeRuntimeTest} on Apache Felix ({@code --framework felix}): the same isolation, on the other framework. */
class EdgeRuntimeFelixTest extends EdgeRuntimeTest {

    @Override
    OsgiFramework framework() {
        return OsgiFramework.FELIX;
    }
}
