package fleet.host.bind;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a server socket of the hosting JVM listens when its code asked for "every interface".
 * The JDK's server-socket bind methods call {@link #serverAddress} first (see
 * {@link ServerBindRewrite}), so Jetty, Java-WebSocket, j2mod and the JDK's HTTP server of every
 * edge listen on the address fleet chose instead of on the LAN. Explicit addresses stay as asked.
 *
 * <p>In the hosting JVM this class is loaded by the boot loader (the agent jar is on its search
 * path), because {@code java.base} calls it: it may use nothing but {@code java.base}.
 */
public final class BindHook {

    /** null: every bind as asked (no rewriting, also when the agent is not there). */
    private static volatile InetAddress wildcardTarget;
    private static final ThreadLocal<Boolean> AS_ASKED = new ThreadLocal<>();
    private static final AtomicLong REWRITTEN = new AtomicLong();

    private BindHook() {
    }

    /** From now on, wildcard server binds listen on {@code address}; null keeps them wildcard. */
    public static void rewriteWildcardTo(InetAddress address) {
        wildcardTarget = address == null || address.isAnyLocalAddress() ? null : address;
    }

    /** Binds on this thread stay as asked until the returned scope is closed: fleet's own servers. */
    public static AsAsked bindAsAsked() {
        Boolean outer = AS_ASKED.get();
        AS_ASKED.set(Boolean.TRUE);
        return () -> {
            if (outer == null) {
                AS_ASKED.remove();
            }
        };
    }

    /** How many wildcard binds were rewritten so far. */
    public static long rewrittenBinds() {
        return REWRITTEN.get();
    }

    /**
     * Called by the instrumented JDK methods with the address they were given (null = any
     * address, any port). Never throws: a bind must not fail because of fleet.
     */
    public static SocketAddress serverAddress(SocketAddress requested) {
        InetAddress target = wildcardTarget;
        if (target == null || AS_ASKED.get() != null) {
            return requested;
        }
        if (requested == null) {
            REWRITTEN.incrementAndGet();
            return new InetSocketAddress(target, 0);
        }
        if (requested instanceof InetSocketAddress inet && !inet.isUnresolved()
                && inet.getAddress().isAnyLocalAddress()) {
            REWRITTEN.incrementAndGet();
            return new InetSocketAddress(target, inet.getPort());
        }
        return requested;
    }

    /** A scope of {@link #bindAsAsked()}; closing it never throws. */
    @FunctionalInterface
    public interface AsAsked extends AutoCloseable {
        @Override
        void close();
    }
}
