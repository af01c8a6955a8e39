package fleet.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;

import fleet.state.ComponentCounts;
import fleet.state.EdgeConnection;
import fleet.state.EdgeEnergy;
import fleet.state.EdgeHealth;
import fleet.state.EdgeHealth.EdgeConfigCheck;

/**
 * Asks one running framework what is really going on, cheaply enough to do it every two seconds
 * for hundreds of edges: bundle states; component states from its SCR, rebuilt only when the SCR's
 * {@code service.changecount} says that some component changed; the backend connection from the
 * edge's own backend controller; the latest cycle; and OpenEMS's own view of its health
 * ({@link EdgeHealth}). Everything is read by reflection from the edge's objects: nothing is shared
 * with or injected into the edge. One instance per framework start; used by one thread at a time.
 */
final class EdgeProbe {

    record Result(int bundlesActive, int bundlesTotal, ComponentCounts components, EdgeConnection connection,
            Instant lastCycle, EdgeHealth health) {
    }

    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String BACKEND_FILTER = "(service.factoryPid=Controller.Api.Backend)";
    private static final String CYCLE_FILTER = "(|(objectClass=io.openems.edge.common.cycle.Cycle)"
            + "(service.pid=Core.Cycle)(component.name=Core.Cycle))";
    private static final String SUM_FILTER = "(|(service.pid=Core.Sum)(component.name=Core.Sum))";
    private static final String COMPONENT_MANAGER_FILTER = "(|(service.pid=Core.ComponentManager)"
            + "(component.name=Core.ComponentManager))";
    /** The EdgeConfig check asks OpenEMS for all its components: not on every probe. */
    static final Duration EDGE_CONFIG_EVERY = Duration.ofSeconds(10);
    /** State messages kept per edge: enough to say why, short enough for a tooltip. */
    private static final int MAX_MESSAGES = 5;

    // ComponentConfigurationDTO states (OSGi Declarative Services 1.3+)
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    private final BundleContext context;
    private final Map<Long, Boolean> fragments = new HashMap<>();
    private Object scrChangeCount = NOT_READ;
    private ComponentCounts counts = ComponentCounts.NONE;
    private Map<String, String> notActivated = Map.of();
    private ServiceReference<?>[] backends;
    private ServiceReference<?> cycle;
    private ServiceReference<?> sum;
    private ServiceReference<?> componentManager;
    private long edgeConfigDue;
    private EdgeConfigCheck edgeConfig = EdgeConfigCheck.UNKNOWN;
    private List<String> missing = List.of();
    private List<String> messages = List.of();
    private String messagesState;
    private long messagesDue;
    private int componentRebuilds;
    /** Set by fleet when it changed components itself: SCR's change count follows only after a delay. */
    private volatile boolean stale;

    private static final Object NOT_READ = new Object();

    EdgeProbe(BundleContext context) {
        this.context = context;
    }

    /** Makes the next probe read the components in full (fleet just switched some). */
    void invalidate() {
        stale = true;
    }

    /** How often the SCR's component states were read in full: a test sees that an idle edge costs nothing. */
    int componentRebuilds() {
        return componentRebuilds;
    }

    Result probe() {
        int[] bundles = bundles();
        boolean changed = readComponentsIfChanged();
        if (changed || backends == null) {
            backends = references(BACKEND_FILTER);
            cycle = first(references(CYCLE_FILTER));
            sum = first(references(SUM_FILTER));
            componentManager = first(references(COMPONENT_MANAGER_FILTER));
        }
        long now = System.nanoTime();
        if (changed || now - edgeConfigDue >= 0) {
            checkEdgeConfig();
            edgeConfigDue = now + EDGE_CONFIG_EVERY.toNanos();
        }
        Object cycleService = get(cycle);
        Object sumService = get(sum);
        try {
            Object measured = Reflect.call(cycleService, "getMeasuredCycleTime").orElse(null);
            Integer cycleMillis = measured == null ? null : Reflect.call(measured, "get").map(Reflect::number)
                    .orElseGet(() -> Reflect.call(measured, "getMillis").map(Reflect::number).orElse(null));
            String state = Reflect.call(sumService, "getState").map(level -> level instanceof Enum<?> e ? e.name()
                    : level.toString()).orElse(null);
            EdgeHealth health = new EdgeHealth(state, notActivated, edgeConfig, missing, cycleMillis,
                    value(sumService, "getProductionActivePower"), value(sumService, "getConsumptionActivePower"),
                    value(sumService, "getGridActivePower"), value(sumService, "getEssSoc"), "", energy(sumService),
                    stateMessages(state, now));
            return new Result(bundles[0], bundles[1], counts, connection(), lastCycle(measured), health);
        } finally {
            unget(cycle, cycleService);
            unget(sum, sumService);
        }
    }

    private int[] bundles() {
        int active = 0;
        int total = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            total++;
            int state = bundle.getState();
            if (state == Bundle.ACTIVE || (state == Bundle.RESOLVED && isFragment(bundle))) {
                active++;
            }
        }
        return new int[] {active, total};
    }

    /** Cached: {@code getHeaders()} copies and localises every header on each call. */
    private boolean isFragment(Bundle bundle) {
        return fragments.computeIfAbsent(bundle.getBundleId(), id -> {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        });
    }

    /**
     * Reads the SCR's component DTOs when its {@code service.changecount} moved (it does with every
     * component state change); true if it did.
     */
    private boolean readComponentsIfChanged() {
        ServiceReference<?> reference = context.getServiceReference(SCR);
        if (reference == null) {
            counts = ComponentCounts.NONE;
            notActivated = Map.of();
            scrChangeCount = NOT_READ;
            return false;
        }
        Object changeCount = reference.getProperty(Constants.SERVICE_CHANGECOUNT);
        if (!stale && changeCount != null && changeCount.equals(scrChangeCount)) {
            return false;
        }
        stale = false;
        Object scr = context.getService(reference);
        if (scr == null) {
            return false;
        }
        try {
            readComponents(scr);
            scrChangeCount = changeCount == null ? NOT_READ : changeCount; // without one: read every time
            componentRebuilds++;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            counts = ComponentCounts.NONE;
            notActivated = Map.of();
            return true;
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * Counts components by state, and lists the enabled components with an id that are not active
     * and why, as OpenEMS's ComponentManager does ({@code OsgiValidateWorker}).
     */
    private void readComponents(Object scr) throws ReflectiveOperationException {
        var descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class);
        descriptions.setAccessible(true);
        Collection<?> all = (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0]);
        int ok = 0;
        int unsatisfied = 0;
        int failed = 0;
        Map<String, String> inactive = new TreeMap<>();
        java.lang.reflect.Method configurations = null;
        for (Object description : all) {
            if (configurations == null) {
                configurations = scr.getClass().getMethod("getComponentConfigurationDTOs", description.getClass());
                configurations.setAccessible(true);
            }
            for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                int state = configuration.getClass().getField("state").getInt(configuration);
                if (state == UNSATISFIED_CONFIGURATION || state == UNSATISFIED_REFERENCE) {
                    unsatisfied++;
                } else if (state == FAILED_ACTIVATION) {
                    failed++;
                } else {
                    ok++;
                    continue;
                }
                Map<?, ?> properties = (Map<?, ?>) configuration.getClass().getField("properties").get(configuration);
                if (properties.get("id") instanceof String id && !Boolean.FALSE.equals(enabled(properties))) {
                    inactive.put(id, why(configuration, state));
                }
            }
        }
        counts = new ComponentCounts(ok, unsatisfied, failed);
        notActivated = inactive;
    }

    private static Object enabled(Map<?, ?> properties) {
        Object enabled = properties.get("enabled");
        return enabled instanceof String s ? Boolean.valueOf(s) : enabled;
    }

    /** OpenEMS's words for it ({@code OsgiValidateWorker.updateInactiveComponentsUsingScr}). */
    private static String why(Object configuration, int state) throws ReflectiveOperationException {
        if (state == UNSATISFIED_CONFIGURATION) {
            return "Missing required configuration";
        }
        if (state == FAILED_ACTIVATION) {
            Object failure = configuration.getClass().getField("failure").get(configuration);
            return "Failed activation " + (failure == null ? "" : failure.toString().split("\\R", 2)[0]);
        }
        Object[] references = (Object[]) configuration.getClass().getField("unsatisfiedReferences")
                .get(configuration);
        List<String> names = new ArrayList<>();
        for (Object reference : references == null ? new Object[0] : references) {
            String name = (String) reference.getClass().getField("name").get(reference);
            String target = (String) reference.getClass().getField("target").get(reference);
            names.add(target == null || target.isEmpty() ? name : name + " (" + target + ")");
        }
        return "Unsatisfied reference for " + String.join(",", names);
    }

    /**
     * Compares OpenEMS's EdgeConfig — the ComponentManager's cache, from which the backend controller
     * sends {@code edgeConfig} — with the components OpenEMS has ({@code getAllComponents()}), the
     * same comparison that makes OpenEMS log "Component [x] was missing!".
     */
    private void checkEdgeConfig() {
        if (componentManager == null) {
            boolean openems = sum != null && sum.getProperty(Constants.OBJECTCLASS) instanceof String[] classes
                    && java.util.Arrays.stream(classes).anyMatch(c -> c.startsWith("io.openems."));
            edgeConfig = openems ? EdgeConfigCheck.INCOMPLETE : EdgeConfigCheck.NOT_APPLICABLE;
            missing = List.of();
            return;
        }
        Object manager = get(componentManager);
        try {
            Object all = Reflect.call(manager, "getAllComponents").orElse(null);
            Object worker = Reflect.field(manager, "edgeConfigWorker").orElse(null);
            if (!(all instanceof Collection<?> components) || worker == null) {
                edgeConfig = EdgeConfigCheck.UNKNOWN;
                missing = List.of();
                return;
            }
            Set<String> expected = new TreeSet<>();
            for (Object component : components) {
                Reflect.call(component, "id").ifPresent(id -> expected.add(id.toString()));
            }
            Set<?> present;
            synchronized (worker) { // EdgeConfigWorker changes its cache only in synchronized methods
                Object cache = Reflect.field(worker, "cache").orElse(null);
                if (cache == null) {
                    edgeConfig = EdgeConfigCheck.INCOMPLETE; // not built yet
                    missing = List.of();
                    return;
                }
                Object map = Reflect.call(cache, "getComponents").orElse(null);
                if (!(map instanceof Map<?, ?> byId)) {
                    edgeConfig = EdgeConfigCheck.UNKNOWN;
                    missing = List.of();
                    return;
                }
                present = Set.copyOf(byId.keySet());
            }
            expected.removeAll(present);
            missing = List.copyOf(expected);
            edgeConfig = expected.isEmpty() ? EdgeConfigCheck.COMPLETE : EdgeConfigCheck.INCOMPLETE;
        } finally {
            unget(componentManager, manager);
        }
    }

    /**
     * Why {@code _sum} says what it says, when that is not Ok: read only then, and at most every
     * {@link #EDGE_CONFIG_EVERY} (or when the State changes), because it walks every channel.
     */
    private List<String> stateMessages(String state, long now) {
        if (state == null || EdgeHealth.OK.equals(state)) {
            messages = List.of();
            messagesState = state;
        } else if (!state.equals(messagesState) || now - messagesDue >= 0) {
            messages = readStateMessages();
            messagesState = state;
            messagesDue = now + EDGE_CONFIG_EVERY.toNanos();
        }
        return messages;
    }

    /** OpenEMS's StateChannels that are set, the most severe first: address, level and their text. */
    private List<String> readStateMessages() {
        Object manager = get(componentManager);
        try {
            if (!(Reflect.call(manager, "getAllComponents").orElse(null) instanceof Collection<?> components)) {
                return List.of();
            }
            record Message(int severity, String text) {
            }
            List<Message> found = new ArrayList<>();
            for (Object component : components) {
                if (!(Reflect.call(component, "channels").orElse(null) instanceof Collection<?> channels)) {
                    continue;
                }
                for (Object channel : channels) {
                    Object level = Reflect.call(channel, "getLevel").orElse(null); // only StateChannels have one
                    if (!(level instanceof Enum<?> severity) || !Boolean.TRUE.equals(Reflect.call(channel, "value")
                            .flatMap(value -> Reflect.call(value, "get")).orElse(null))) {
                        continue;
                    }
                    String text = Reflect.call(channel, "channelDoc").flatMap(doc -> Reflect.call(doc, "getText"))
                            .map(Object::toString).orElse("");
                    String address = Reflect.call(channel, "address").map(Object::toString).orElse("?");
                    found.add(new Message(severity.ordinal(), address + " " + severity.name()
                            + (text.isBlank() ? "" : ": " + text)));
                }
            }
            return found.stream().sorted(Comparator.comparingInt(Message::severity).reversed()
                    .thenComparing(Message::text)).limit(MAX_MESSAGES).map(Message::text).toList();
        } finally {
            unget(componentManager, manager);
        }
    }

    private EdgeConnection connection() {
        if (backends == null || backends.length == 0) {
            return EdgeConnection.UNKNOWN;
        }
        EdgeConnection result = EdgeConnection.UNKNOWN;
        for (ServiceReference<?> reference : backends) {
            Object controller = get(reference);
            try {
                Object connected = Reflect.call(controller, "isConnected").orElse(null);
                if (Boolean.TRUE.equals(connected)) {
                    return EdgeConnection.CONNECTED;
                }
                if (connected != null) {
                    result = EdgeConnection.DISCONNECTED;
                }
            } finally {
                unget(reference, controller);
            }
        }
        return result;
    }

    private static Instant lastCycle(Object measured) {
        return Reflect.call(measured, "getTimestamp").map(t -> t instanceof LocalDateTime local
                ? local.atZone(ZoneId.systemDefault()).toInstant() : null).orElse(null);
    }

    private static EdgeEnergy energy(Object sum) {
        return new EdgeEnergy(counter(sum, "getProductionActiveEnergy"), counter(sum, "getConsumptionActiveEnergy"),
                counter(sum, "getGridBuyActiveEnergy"), counter(sum, "getGridSellActiveEnergy"),
                counter(sum, "getEssActiveChargeEnergy"), counter(sum, "getEssActiveDischargeEnergy"));
    }

    private static Long counter(Object service, String getter) {
        return Reflect.call(service, getter).map(Reflect::longNumber).orElse(null);
    }

    private static Integer value(Object service, String getter) {
        return Reflect.call(service, getter).map(Reflect::number).orElse(null);
    }

    private Object get(ServiceReference<?> reference) {
        if (reference == null) {
            return null;
        }
        try {
            return context.getService(reference);
        } catch (RuntimeException e) {
            return null; // unregistered meanwhile; the next change count brings the new reference
        }
    }

    private void unget(ServiceReference<?> reference, Object service) {
        if (reference != null && service != null) {
            try {
                context.ungetService(reference);
            } catch (RuntimeException e) {
                // the service or the framework went away meanwhile
            }
        }
    }

    private ServiceReference<?>[] references(String filter) {
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(null, filter);
            return found == null ? new ServiceReference<?>[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("fleet's own filter is invalid: " + filter, e);
        }
    }

    private static ServiceReference<?> first(ServiceReference<?>[] references) {
        return references.length == 0 ? null : references[0];
    }
}
