package fleet.runtime;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import fleet.state.EdgeHealth;
import fleet.state.EdgeHealth.EdgeConfigCheck;

/**
 * Gets an edge unstuck once per start where OpenEMS itself stays stuck: components that stay not
 * activated are switched off and on through SCR (what OpenEMS's own ComponentManager tries with a
 * configuration update), and an EdgeConfig that stays incomplete is rebuilt — OpenEMS rebuilds it
 * in full on every deleted configuration, so fleet creates and deletes a configuration of its own.
 * What it did is written to the edge's log and shown with the edge's health.
 */
final class EdgeHealer {

    /** OpenEMS needs this long after a start before "not activated" means stuck (its own check waits too). */
    static final Duration SETTLE = Duration.ofSeconds(60);
    /** ... and the problem must have lasted this long. */
    static final Duration PERSISTING = Duration.ofSeconds(30);
    static final String MARKER_FACTORY = "fleet.EdgeConfigRefresh";

    private long startedAt;
    private long problemSince;
    private boolean tried;
    private String done = "";

    void started() {
        startedAt = System.nanoTime();
        problemSince = 0;
        tried = false;
        done = "";
    }

    /** Looks at the probe's health; heals once if the edge stays stuck. Returns what was done, or "". */
    String afterProbe(BundleContext context, EdgeHealth health, BiConsumer<String, Throwable> log,
            Runnable switched) {
        boolean stuck = !health.notActivated().isEmpty()
                || (health.edgeConfig() == EdgeConfigCheck.INCOMPLETE && !health.missing().isEmpty());
        long now = System.nanoTime();
        if (!stuck || tried) {
            problemSince = 0;
            return done;
        }
        if (problemSince == 0) {
            problemSince = now;
        }
        if (now - startedAt < SETTLE.toNanos() || now - problemSince < PERSISTING.toNanos()) {
            return done;
        }
        tried = true;
        List<String> actions = new ArrayList<>();
        try {
            if (!health.notActivated().isEmpty()) {
                List<String> names = switchOffAndOn(context, health.notActivated());
                if (!names.isEmpty()) {
                    actions.add("re-activated " + String.join(", ", names));
                }
            }
            if (health.edgeConfig() == EdgeConfigCheck.INCOMPLETE && !health.missing().isEmpty()
                    && rebuildEdgeConfig(context)) {
                actions.add("had OpenEMS rebuild its EdgeConfig (it lacked " + String.join(", ", health.missing())
                        + ")");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.accept("could not heal: " + e, e);
        }
        if (!actions.isEmpty()) {
            switched.run();
            done = "fleet " + String.join(" and ", actions) + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
            log.accept(done + " (stuck: " + health.problem() + ")", null);
        }
        return done;
    }

    /** Switches the components with these ids off and on; returns their component names. */
    private static List<String> switchOffAndOn(BundleContext context, Map<String, String> ids)
            throws ReflectiveOperationException {
        TreeSet<String> names = new TreeSet<>();
        ServiceReference<?> reference = context.getServiceReference(EdgeProbe.SCR);
        Object scr = reference == null ? null : context.getService(reference);
        if (scr == null) {
            return List.of();
        }
        try {
            Method descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class);
            descriptions.setAccessible(true);
            for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                Method configurations = scr.getClass().getMethod("getComponentConfigurationDTOs",
                        description.getClass());
                configurations.setAccessible(true);
                for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                    Map<?, ?> properties = (Map<?, ?>) configuration.getClass().getField("properties")
                            .get(configuration);
                    if (ids.containsKey(properties.get("id"))) {
                        names.add((String) description.getClass().getField("name").get(description));
                    }
                }
            }
        } finally {
            context.ungetService(reference);
        }
        for (String name : names) {
            ComponentSwitch.set(context, name, false);
            ComponentSwitch.set(context, name, true);
        }
        return List.copyOf(names);
    }

    /** Creates and deletes a configuration: OpenEMS's EdgeConfig worker rebuilds on every deletion. */
    private static boolean rebuildEdgeConfig(BundleContext context) throws ReflectiveOperationException {
        ServiceReference<?> reference = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = reference == null ? null : context.getService(reference);
        if (admin == null) {
            return false;
        }
        try {
            Method create = admin.getClass().getMethod("createFactoryConfiguration", String.class, String.class);
            create.setAccessible(true);
            Object configuration = create.invoke(admin, MARKER_FACTORY, "?");
            Method update = configuration.getClass().getMethod("update", java.util.Dictionary.class);
            update.setAccessible(true);
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("fleet.purpose", "makes OpenEMS rebuild its EdgeConfig; deleted at once");
            update.invoke(configuration, properties);
            Method delete = configuration.getClass().getMethod("delete");
            delete.setAccessible(true);
            delete.invoke(configuration);
            return true;
        } finally {
            context.ungetService(reference);
        }
    }
}
