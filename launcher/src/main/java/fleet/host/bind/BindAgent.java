package fleet.host.bind;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import fleet.FleetException;

/**
 * The hosting JVM's agent ({@code -javaagent}, see {@link AgentJar}): before any edge exists it
 * rewrites the JDK's server-socket bind methods so that edge servers asking for every interface
 * listen where fleet says ({@code --edge-bind}, loopback by default). OpenEMS has no option for
 * it (its REST API gives Jetty only a port, its websocket server binds
 * {@code new InetSocketAddress(port)}), and fleet does not patch OpenEMS.
 */
public final class BindAgent {

    /** Empty when every target was rewritten; else what is missing, for the one error line. */
    private static volatile String missing = "the hosting JVM was started without fleet's bind agent";

    private BindAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        Module hook = BindHook.class.getModule();
        if (BindHook.class.getClassLoader() != null) {
            missing = "the bind hook was not loaded by the boot loader (Boot-Class-Path of the agent jar)";
            return;
        }
        // java.base calls the hook after the rewrite; a named module reads no unnamed one by itself
        instrumentation.redefineModule(Object.class.getModule(), Set.of(hook), Map.of(), Map.of(), Set.of(),
                Map.of());
        ServerBindRewrite rewrite = new ServerBindRewrite();
        instrumentation.addTransformer(rewrite, true);
        for (String target : ServerBindRewrite.TARGETS) {
            String name = target.replace('/', '.');
            try {
                Class<?> loaded = Class.forName(name, false, null); // loads it through the transformer
                if (!rewrite.rewritten().contains(target)) { // loaded before the agent ran
                    instrumentation.retransformClasses(loaded);
                }
            } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException e) {
                // named below
            }
        }
        Set<String> notRewritten = new TreeSet<>(ServerBindRewrite.TARGETS);
        notRewritten.removeAll(rewrite.rewritten());
        missing = notRewritten.isEmpty() ? "" : "this JDK's " + String.join(", ", notRewritten).replace('/', '.')
                + " could not be rewritten (" + System.getProperty("java.vm.version") + ")";
        if (args != null && !args.isBlank()) {
            keepServersOnOrHalt(args.strip());
        }
    }

    /**
     * A JVM that is not fleet's (the OpenEMS Backend fleet runs, see {@link AgentJar#writeStandaloneInto})
     * gets the address as the agent's argument. If its servers cannot be kept there, it must not
     * start at all: it would listen on every interface.
     */
    private static void keepServersOnOrHalt(String address) {
        try {
            InetAddress where = InetAddress.getByName(address);
            if (!where.isAnyLocalAddress() && !missing.isEmpty()) {
                System.err.println("fleet's bind agent: cannot keep this JVM's servers on " + address + ": " + missing);
                Runtime.getRuntime().halt(70);
            }
            BindHook.rewriteWildcardTo(where.isAnyLocalAddress() ? null : where);
        } catch (java.net.UnknownHostException e) {
            System.err.println("fleet's bind agent: " + address + " is not an address: " + e.getMessage());
            Runtime.getRuntime().halt(70);
        }
    }

    /**
     * Makes the edges' wildcard server binds listen on {@code address}, or leaves them wildcard when
     * it is a wildcard itself.
     *
     * @throws FleetException when edges would listen on every interface against the user's setting
     */
    public static void keepEdgeServersOn(InetAddress address, String option) {
        if (address.isAnyLocalAddress()) {
            BindHook.rewriteWildcardTo(null);
            return;
        }
        if (!missing.isEmpty()) {
            throw FleetException.failure("cannot keep the edges' servers on " + address.getHostAddress() + ": "
                    + missing + "; pass " + option + " 0.0.0.0 to let them listen on every interface");
        }
        BindHook.rewriteWildcardTo(address);
    }
}
