package fleet.runtime;

import java.lang.reflect.Method;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import fleet.state.ComponentCounts;
import fleet.state.EdgeConnection;

/**
 * Asks a running framework what is really going on: bundle states from the framework, component
 * states from its SCR, the backend connection from the edge's own backend controller and the
 * latest cycle from its Cycle component. The service types live in the framework's own class
 * loaders, so they are read by reflection; nothing is shared with or injected into the edge.
 */
final class FrameworkProbe {

    record Result(int bundlesActive, int bundlesTotal, ComponentCounts components, EdgeConnection connection,
            Instant lastCycle) {
    }

    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String BACKEND_FILTER = "(service.factoryPid=Controller.Api.Backend)";
    private static final String CYCLE_FILTER = "(|(objectClass=io.openems.edge.common.cycle.Cycle)(service.pid=Core.Cycle))";

    // ComponentConfigurationDTO states (OSGi Declarative Services 1.3+)
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    private FrameworkProbe() {
    }

    static Result probe(BundleContext context) {
        int active = 0;
        int total = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            total++;
            if (bundle.getState() == Bundle.ACTIVE
                    || (bundle.getHeaders().get("Fragment-Host") != null && bundle.getState() == Bundle.RESOLVED)) {
                active++;
            }
        }
        return new Result(active, total, components(context), connection(context), lastCycle(context));
    }

    private static ComponentCounts components(BundleContext context) {
        ServiceReference<?> reference = context.getServiceReference(SCR);
        if (reference == null) {
            return ComponentCounts.NONE;
        }
        Object scr = context.getService(reference);
        if (scr == null) {
            return ComponentCounts.NONE;
        }
        try {
            Method descriptions = method(scr, "getComponentDescriptionDTOs", Bundle[].class);
            Collection<?> all = (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0]);
            int ok = 0;
            int unsatisfied = 0;
            int failed = 0;
            Method configurations = null;
            for (Object description : all) {
                if (configurations == null) {
                    configurations = method(scr, "getComponentConfigurationDTOs", description.getClass());
                }
                for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                    int state = configuration.getClass().getField("state").getInt(configuration);
                    if (state == UNSATISFIED_CONFIGURATION || state == UNSATISFIED_REFERENCE) {
                        unsatisfied++;
                    } else if (state == FAILED_ACTIVATION) {
                        failed++;
                    } else {
                        ok++;
                    }
                }
            }
            return new ComponentCounts(ok, unsatisfied, failed);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return ComponentCounts.NONE;
        } finally {
            context.ungetService(reference);
        }
    }

    private static EdgeConnection connection(BundleContext context) {
        ServiceReference<?>[] references = references(context, BACKEND_FILTER);
        if (references == null) {
            return EdgeConnection.UNKNOWN;
        }
        EdgeConnection result = EdgeConnection.UNKNOWN;
        for (ServiceReference<?> reference : references) {
            Object controller = context.getService(reference);
            if (controller == null) {
                continue;
            }
            try {
                boolean connected = (Boolean) method(controller, "isConnected").invoke(controller);
                if (connected) {
                    return EdgeConnection.CONNECTED;
                }
                result = EdgeConnection.DISCONNECTED;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not the shape we know: leave it unknown rather than guess
            } finally {
                context.ungetService(reference);
            }
        }
        return result;
    }

    private static Instant lastCycle(BundleContext context) {
        ServiceReference<?>[] references = references(context, CYCLE_FILTER);
        if (references == null) {
            return null;
        }
        Object cycle = context.getService(references[0]);
        if (cycle == null) {
            return null;
        }
        try {
            Object value = method(cycle, "getMeasuredCycleTime").invoke(cycle);
            Object timestamp = value == null ? null : method(value, "getTimestamp").invoke(value);
            return timestamp instanceof LocalDateTime local ? local.atZone(ZoneId.systemDefault()).toInstant() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        } finally {
            context.ungetService(references[0]);
        }
    }

    private static ServiceReference<?>[] references(BundleContext context, String filter) {
        try {
            return context.getAllServiceReferences(null, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("fleet's own filter is invalid: " + filter, e);
        }
    }

    /** A public method of the object's type; the implementing class itself need not be public. */
    private static Method method(Object target, String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = target.getClass().getMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }
}
