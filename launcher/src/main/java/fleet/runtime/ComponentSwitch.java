package fleet.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Enables or disables a Declarative Services component of a running framework through its SCR
 * ({@code ServiceComponentRuntime.enableComponent/disableComponent}). Like {@link EdgeProbe} it
 * goes by reflection, because SCR's types live in the framework's own class loaders. SCR does not
 * persist this switch: a restarted framework has every component enabled again.
 */
final class ComponentSwitch {

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private ComponentSwitch() {
    }

    /**
     * Switches every component description named {@code componentName} (of any bundle) and waits
     * until SCR has done it; returns how many descriptions it switched (0 = no such component, or
     * no SCR).
     */
    static int set(BundleContext context, String componentName, boolean enabled) {
        ServiceReference<?> reference = context.getServiceReference(SCR);
        if (reference == null) {
            return 0;
        }
        Object scr = context.getService(reference);
        if (scr == null) {
            return 0;
        }
        try {
            Method descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class);
            descriptions.setAccessible(true);
            int switched = 0;
            for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                if (!componentName.equals(description.getClass().getField("name").get(description))) {
                    continue;
                }
                Method change = scr.getClass().getMethod(enabled ? "enableComponent" : "disableComponent",
                        description.getClass());
                change.setAccessible(true);
                Object promise = change.invoke(scr, description);
                Method await = promise.getClass().getMethod("getValue");
                await.setAccessible(true);
                await.invoke(promise); // resolves once the component configurations are (de)activated
                switched++;
            }
            return switched;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("SCR could not " + (enabled ? "enable " : "disable ") + componentName
                    + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SCR of an unknown shape: " + e, e);
        } finally {
            context.ungetService(reference);
        }
    }
}
