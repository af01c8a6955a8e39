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
        Path jar = dir.resolve(NAME);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Premain-Class", BindAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        main.putValue("Boot-Class-Path", NAME); // relative to the agent jar
        try {
            Path temporary = Files.createTempFile(dir, NAME, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                for (Class<?> type : BOOT_CLASSES) {
                    String entry = type.getName().replace('.', '/') + ".class";
                    jarOut.putNextEntry(new JarEntry(entry));
                    try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
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
