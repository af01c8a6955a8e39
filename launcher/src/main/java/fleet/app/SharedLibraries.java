package fleet.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Third-party libraries loaded once for all edges: their jars go on the class path of the JVM that
 * hosts the frameworks, and every framework's system bundle exports their packages, so no edge
 * installs (and loads the classes of) its own copy. A library qualifies only if it is a plain jar
 * (no nested class path, no Require-Bundle) and everything it imports comes from the JDK or from
 * other shared libraries — code on the class path cannot see packages of bundles. Fragments go
 * with their host. Which libraries are candidates is data ({@code fleet/shared-libraries.txt} or
 * the user's list), not code.
 */
public final class SharedLibraries {

    /** Each shared library with its Export-Package header, in the application's order. */
    private final Map<AppBundle, String> exports;

    private SharedLibraries(Map<AppBundle, String> exports) {
        this.exports = exports;
    }

    private static final String BUILT_IN_LIST = "/fleet/shared-libraries.txt";

    /**
     * The candidates: the user's list (one bundle symbolic name per line, # comments), or fleet's own.
     *
     * @throws fleet.FleetException (bad input) when the user's list cannot be read
     */
    public static Set<String> candidates(java.util.Optional<Path> userList) {
        try {
            String text;
            if (userList.isPresent()) {
                text = java.nio.file.Files.readString(userList.get());
            } else {
                try (java.io.InputStream in = SharedLibraries.class.getResourceAsStream(BUILT_IN_LIST)) {
                    text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw fleet.FleetException.badInput("--shared-libraries " + userList.map(Path::toString).orElse(BUILT_IN_LIST)
                    + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    public static SharedLibraries none() {
        return new SharedLibraries(Map.of());
    }

    /** The candidates of this application that qualify, in the application's order. */
    public static SharedLibraries select(EdgeApp app, Set<String> candidates) {
        Map<AppBundle, Headers> headers = new LinkedHashMap<>();
        for (AppBundle bundle : app.bundles()) {
            if (candidates.contains(bundle.symbolicName())) {
                headers.put(bundle, Headers.read(bundle));
            }
        }
        Set<String> jdk = jdkPackages();
        Set<AppBundle> shared = new HashSet<>(headers.keySet());
        shared.removeIf(bundle -> !headers.get(bundle).plainJar());
        boolean changed = true;
        while (changed) { // drop what cannot live on the class path until nothing changes
            Set<String> exported = new HashSet<>();
            shared.forEach(bundle -> exported.addAll(headers.get(bundle).exportedPackages()));
            Set<String> sharedNames = shared.stream().map(AppBundle::symbolicName).collect(Collectors.toSet());
            changed = shared.removeIf(bundle -> {
                Headers h = headers.get(bundle);
                boolean importsSatisfied = h.requiredImports().stream()
                        .allMatch(p -> jdk.contains(p) || exported.contains(p));
                boolean hostShared = h.fragmentHost() == null || sharedNames.contains(h.fragmentHost());
                return !importsSatisfied || !hostShared;
            });
            // a host whose fragment must stay a bundle cannot be shared either
            Set<String> stayingFragmentHosts = headers.entrySet().stream()
                    .filter(e -> !shared.contains(e.getKey()) && e.getValue().fragmentHost() != null)
                    .map(e -> e.getValue().fragmentHost()).collect(Collectors.toSet());
            changed |= shared.removeIf(bundle -> stayingFragmentHosts.contains(bundle.symbolicName()));
        }
        Map<AppBundle, String> exports = new LinkedHashMap<>();
        headers.forEach((bundle, h) -> {
            if (shared.contains(bundle)) {
                exports.put(bundle, h.exportHeader());
            }
        });
        return new SharedLibraries(exports);
    }

    /** Only those whose jars are on this JVM's class path (inside fleet's hosting JVM: all of them). */
    public SharedLibraries onClassPath() {
        Set<Path> classPath = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        Map<AppBundle, String> present = new LinkedHashMap<>(exports);
        present.keySet().removeIf(bundle -> !classPath.contains(bundle.file().toAbsolutePath().normalize()));
        return new SharedLibraries(present);
    }

    public List<AppBundle> bundles() {
        return List.copyOf(exports.keySet());
    }

    public List<Path> jars() {
        return exports.keySet().stream().map(AppBundle::file).toList();
    }

    /** The application without these bundles, its system bundle exporting their packages instead. */
    public EdgeApp applyTo(EdgeApp app) {
        if (exports.isEmpty()) {
            return app;
        }
        List<AppBundle> rest = new ArrayList<>(app.bundles());
        rest.removeAll(exports.keySet());
        String exportedPackages = exports.values().stream().filter(header -> !header.isBlank())
                .collect(Collectors.joining(","));
        String extra = app.systemPackagesExtra().isBlank() ? exportedPackages
                : app.systemPackagesExtra() + "," + exportedPackages;
        return new EdgeApp(app.source(), app.id(), rest, app.defaultStartLevel(), app.beginningStartLevel(),
                app.runProperties(), extra, app.systemCapabilitiesExtra());
    }

    /** Packages exported by the modules of the running JDK (the system bundle exports these anyway). */
    static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Exports exports : module.getDescriptor().exports()) {
                if (!exports.isQualified()) {
                    packages.add(exports.source());
                }
            }
        }
        return packages;
    }

    /** The manifest headers that decide whether a bundle can live on the class path. */
    private record Headers(String symbolicName, String exportHeader, Set<String> exportedPackages,
            Set<String> requiredImports, String fragmentHost, boolean plainJar) {

        static Headers read(AppBundle bundle) {
            try (JarFile jar = new JarFile(bundle.file().toFile())) {
                Attributes main = jar.getManifest().getMainAttributes();
                String exportHeader = value(main, "Export-Package");
                Set<String> exported = OsgiHeader.parse(exportHeader).stream().map(OsgiHeader.Clause::key)
                        .collect(Collectors.toSet());
                Set<String> imports = new HashSet<>();
                for (OsgiHeader.Clause clause : OsgiHeader.parse(value(main, "Import-Package"))) {
                    if (!"optional".equals(clause.attributes().get("resolution"))) {
                        imports.add(clause.key());
                    }
                }
                List<OsgiHeader.Clause> host = OsgiHeader.parse(value(main, "Fragment-Host"));
                String classPath = value(main, "Bundle-ClassPath").trim();
                boolean plain = value(main, "Require-Bundle").isBlank()
                        && (classPath.isEmpty() || classPath.equals("."));
                return new Headers(bundle.symbolicName(), exportHeader, exported, imports,
                        host.isEmpty() ? null : host.get(0).key(), plain);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + bundle.file(), e);
            }
        }

        private static String value(Attributes attributes, String name) {
            String value = attributes.getValue(name);
            return value == null ? "" : value;
        }
    }

    @Override
    public String toString() {
        return exports.keySet().stream().map(AppBundle::symbolicName).collect(Collectors.joining(", "));
    }
}
