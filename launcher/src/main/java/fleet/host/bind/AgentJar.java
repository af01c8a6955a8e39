package fleet.host.bind;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import fleet.FleetException;

/**
 * Writes the agent jar the hosting JVM is started with: a manifest that names {@link BindAgent}
 * (found on the class path, like the rest of fleet) and puts the jar itself on the boot loader's
 * search path, and the one class the JDK calls, {@link BindHook}. fleet.jar cannot be that jar: on
 * the boot path all of fleet would load there.
 */
public final class AgentJar {

    static final String NAME = "fleet-bind-agent.jar";
    private static final List<Class<?>> BOOT_CLASSES = List.of(BindHook.class, BindHook.AsAsked.class);

    private AgentJar() {
    }

    /** Writes the jar into {@code dir} (replacing an older one at once) and returns its path. */
    public static Path writeInto(Path dir) {
        return write(dir.resolve(NAME), classFiles(BOOT_CLASSES));
    }

    /**
     * The agent for a JVM that is not fleet's (the OpenEMS Backend fleet runs): the agent itself, its
     * rewrite and ASM (relocated in fleet.jar) travel in the jar, all on the boot path; the address
     * comes as the agent's argument ({@code -javaagent:<jar>=127.0.0.1}).
     */
    public static Path writeStandaloneInto(Path dir) {
        List<String> entries = new java.util.ArrayList<>(classFiles(BOOT_CLASSES));
        entries.addAll(classFiles(List.of(BindAgent.class, ServerBindRewrite.class)));
        entries.addAll(nestedClassFiles(ServerBindRewrite.class));
        entries.addAll(packageClassFiles(org.objectweb.asm.ClassReader.class));
        return write(dir.resolve(STANDALONE_NAME), entries);
    }

    static final String STANDALONE_NAME = "fleet-bind-agent-standalone.jar";

    private static List<String> classFiles(List<Class<?>> types) {
        return types.stream().map(type -> type.getName().replace('.', '/') + ".class").toList();
    }

    /** Class files of {@code type}'s nested and anonymous classes, found beside it. */
    private static List<String> nestedClassFiles(Class<?> type) {
        return packageClassFiles(type).stream().filter(entry -> entry.startsWith(type.getName().replace('.', '/')
                + "$")).toList();
    }

    /** Every class file of {@code type}'s package (not its sub-packages), from the jar or directory it came from. */
    private static List<String> packageClassFiles(Class<?> type) {
        String prefix = type.getPackageName().replace('.', '/') + "/";
        try {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                try (java.util.stream.Stream<Path> files = Files.list(source.resolve(prefix))) {
                    return files.map(f -> prefix + f.getFileName()).filter(name -> name.endsWith(".class")).sorted()
                            .toList();
                }
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(source.toFile())) {
                return jar.stream().map(JarEntry::getName).filter(name -> name.startsWith(prefix)
                        && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0).sorted().toList();
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            throw FleetException.failure("cannot find fleet's own classes of " + type.getPackageName() + " for the"
                    + " bind agent: " + e.getMessage(), e);
        }
    }

    private static Path write(Path jar, List<String> entries) {
        Path dir = jar.getParent();
        String name = jar.getFileName().toString();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", BindAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Boot-Class-Path", name); // relative to the agent jar
        try {
            Path temporary = Files.createTempFile(dir, name, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                for (String entry : entries) {
                    jarOut.putNextEntry(new JarEntry(entry));
                    try (InputStream bytes = AgentJar.class.getClassLoader().getResourceAsStream(entry)) {
                        if (bytes == null) {
                            throw new IOException("fleet's own " + entry + " is not on its class path");
                        }
                        bytes.transferTo(jarOut);
                    }
                    jarOut.closeEntry();
                }
            }
            return Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw FleetException.failure("cannot write the hosting JVM's agent " + jar + ": " + e.getMessage(), e);
        }
    }
}
