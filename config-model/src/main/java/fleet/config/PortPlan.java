package fleet.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which port each edge gets for each {@link PortSlot} of a template. Per edge (fleet run): edge
 * {@code i} owns the block {@code base + i * stride ... base + i * stride + stride - 1}, and slot
 * {@code s} gets {@code base + i * stride + s}, so ports are unique inside the fleet by construction
 * and the same on every run. As in the template (fleet generate, one container per edge): every
 * edge keeps the template's ports, since each container has its own network.
 */
public final class PortPlan {

    public static final int MAX_PORT = 65535;

    private final List<PortSlot> slots;
    private final int base;
    private final int stride;
    private final boolean perEdge;

    private PortPlan(List<PortSlot> slots, int base, int stride, boolean perEdge) {
        this.slots = List.copyOf(slots);
        this.base = base;
        this.stride = stride;
        this.perEdge = perEdge;
    }

    /**
     * A block of {@code stride} ports per edge, starting at {@code base}.
     *
     * @throws ConfigException if the stride is smaller than the template's number of port slots
     */
    public static PortPlan perEdge(Template template, int base, int stride) {
        List<PortSlot> slots = template.portSlots();
        if (base < 1 || base > MAX_PORT) {
            throw new ConfigException("--port-base " + base + ": must be between 1 and " + MAX_PORT);
        }
        if (stride < 1) {
            throw new ConfigException("--port-stride " + stride + ": must be at least 1");
        }
        if (stride < slots.size()) {
            throw new ConfigException("--port-stride " + stride + " is too small: the template " + template.source()
                    + " has " + slots.size() + " ports per edge (" + labels(slots) + "); use --port-stride "
                    + slots.size() + " or more");
        }
        return new PortPlan(slots, base, stride, true);
    }

    /** Every edge keeps the template's ports (one container, one network per edge). */
    public static PortPlan asInTemplate(Template template) {
        return new PortPlan(template.portSlots(), 0, 0, false);
    }

    public List<PortSlot> slots() {
        return slots;
    }

    public boolean isPerEdge() {
        return perEdge;
    }

    public int base() {
        return base;
    }

    public int stride() {
        return stride;
    }

    /**
     * The port of one slot for one edge.
     *
     * @throws ConfigException if it lies beyond 65535
     */
    public int port(int edgeIndex, PortSlot slot) {
        if (!perEdge) {
            return slot.templatePort();
        }
        long port = base + (long) edgeIndex * stride + slot.number();
        if (port > MAX_PORT) {
            throw new ConfigException("edge" + edgeIndex + " would get port " + port + " for " + slot.label()
                    + ", beyond " + MAX_PORT + " (--port-base " + base + " + " + edgeIndex + " x --port-stride "
                    + stride + " + " + slot.number() + "): lower --port-base or --port-stride, or use lower edge"
                    + " indexes");
        }
        return (int) port;
    }

    /**
     * Checks that every port of these edges fits, before anything is rendered or started.
     *
     * @throws ConfigException naming the first edge whose ports do not fit
     */
    public void check(int firstIndex, int count) {
        if (slots.isEmpty() || count <= 0) {
            return;
        }
        port(firstIndex + count - 1, slots.get(slots.size() - 1));
    }

    /** Every port of edges {@code firstIndex .. firstIndex + count - 1}, edge by edge, slot by slot. */
    public List<PlannedPort> ports(int firstIndex, int count) {
        check(firstIndex, count);
        List<PlannedPort> ports = new ArrayList<>(count * slots.size());
        for (int index = firstIndex; index < firstIndex + count; index++) {
            for (PortSlot slot : slots) {
                ports.add(new PlannedPort(index, slot, port(index, slot)));
            }
        }
        return ports;
    }

    static String labels(List<PortSlot> slots) {
        return slots.stream().map(PortSlot::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return perEdge ? "ports " + base + " + index x " + stride + " + slot (" + labels(slots) + ")"
                : "template ports (" + labels(slots) + ")";
    }
}
