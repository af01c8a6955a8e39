package fleet.host.bind;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Makes the JDK's server-socket bind methods pass their address through
 * {@link BindHook#serverAddress} first: {@code local = BindHook.serverAddress(local);} at the
 * start of {@code bind(SocketAddress, int)}. Every server socket of Java goes through one of them:
 * {@code java.net.ServerSocket} (also its constructors with a port), {@code ServerSocketChannel}
 * (Jetty, Java-WebSocket, the JDK's HTTP server, a ServerSocket's channel adaptor) and the
 * asynchronous channel. Client sockets and datagram sockets are not touched.
 */
final class ServerBindRewrite implements ClassFileTransformer {

    /** The JDK classes whose {@code bind(SocketAddress, int)} is rewritten (internal names). */
    static final Set<String> TARGETS = Set.of("java/net/ServerSocket", "sun/nio/ch/ServerSocketChannelImpl",
            "sun/nio/ch/AsynchronousServerSocketChannelImpl");

    private static final String BIND_PREFIX = "(Ljava/net/SocketAddress;I)";
    private static final String HOOK = Type.getInternalName(BindHook.class);
    private static final String HOOK_DESCRIPTOR = "(Ljava/net/SocketAddress;)Ljava/net/SocketAddress;";

    private final Set<String> rewritten = ConcurrentHashMap.newKeySet();

    /** The targets whose bind method was rewritten. */
    Set<String> rewritten() {
        return Set.copyOf(rewritten);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || className == null || !TARGETS.contains(className)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            // the constant pool is copied; the one instruction sequence added at a method's start
            // changes no stack map frame, only the maximum stack
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            boolean[] found = new boolean[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (!name.equals("bind") || !descriptor.startsWith(BIND_PREFIX)
                            || (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) != 0) {
                        return method;
                    }
                    found[0] = true;
                    return new MethodVisitor(Opcodes.ASM9, method) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            super.visitVarInsn(Opcodes.ALOAD, 1);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "serverAddress", HOOK_DESCRIPTOR, false);
                            super.visitVarInsn(Opcodes.ASTORE, 1);
                        }
                    };
                }
            }, 0);
            if (!found[0]) {
                return null;
            }
            byte[] result = writer.toByteArray();
            rewritten.add(className);
            return result;
        } catch (RuntimeException e) {
            // the JVM would swallow it; BindAgent reports the target as not rewritten
            return null;
        }
    }
}
