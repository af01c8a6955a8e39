package fleet.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import fleet.app.AppBundle;
import fleet.app.ComponentIndex;
import fleet.app.EdgeApp;
import fleet.app.EdgeAppLoader;
import fleet.plan.OsgiFramework;
import fleet.runtime.BundleCheck;
import fleet.workdir.WorkDir;

/**
 * The edge-app stage: read the application once, check that its bundles install, and — unless
 * the user asks for all of them — keep only the bundles the template needs. The selection is
 * computed once per application and template and remembered in the app cache.
 */
final class EdgeAppPreparation {

    private static final String ALWAYS_INSTALLED = "/fleet/always-installed.txt";

    private EdgeAppPreparation() {
    }

    /**
     * The application to run and how many bundles it has in all.
     *
     * @param app          the application, trimmed when a selection was made
     * @param bundlesInApp the number of bundles of the whole application
     */
    record Prepared(EdgeApp app, int bundlesInApp) {

        String describe() {
            return app.bundles().size() == bundlesInApp ? app.describe()
                    : app.source().getFileName() + ": " + app.bundles().size() + " of " + bundlesInApp
                            + " bundles, those the template needs (--all-bundles for all)";
        }
    }

    /**
     * Reads and checks the application.
     *
     * @param configuredPids the template's configuration PIDs to keep only the bundles they need;
     *                       empty = every bundle
     */
    static Prepared prepare(Path source, WorkDir workDir, Optional<Set<String>> configuredPids) {
        return prepare(source, workDir, configuredPids, OsgiFramework.DEFAULT);
    }

    /** @param framework the implementation that checks the application (the one the edges run on) */
    static Prepared prepare(Path source, WorkDir workDir, Optional<Set<String>> configuredPids,
            OsgiFramework framework) {
        EdgeApp app = new EdgeAppLoader(workDir.appCacheDir()).load(source);
        if (configuredPids.isEmpty()) {
            BundleCheck.verify(app, scratch(workDir), framework);
            return new Prepared(app, app.bundles().size());
        }
        Set<AppBundle> roots = roots(app, configuredPids.get());
        Path remembered = workDir.appCacheDir().resolve("needed-" + key(app, roots) + ".txt");
        Optional<EdgeApp> cached = readSelection(app, remembered);
        if (cached.isPresent()) {
            return new Prepared(cached.get(), app.bundles().size());
        }
        Set<AppBundle> needed = BundleCheck.closure(app, roots, scratch(workDir), framework);
        writeSelection(remembered, needed);
        return new Prepared(app.withBundles(needed), app.bundles().size());
    }

    private static Set<AppBundle> roots(EdgeApp app, Set<String> configuredPids) {
        Set<String> always = alwaysInstalled();
        Set<AppBundle> roots = new LinkedHashSet<>();
        for (AppBundle bundle : app.bundles()) {
            if (bundle.startLevel() > 0 || always.contains(bundle.symbolicName())) {
                roots.add(bundle);
            }
        }
        roots.addAll(ComponentIndex.of(app.bundles()).bundlesFor(configuredPids));
        return roots;
    }

    private static Set<String> alwaysInstalled() {
        try (InputStream in = EdgeAppPreparation.class.getResourceAsStream(ALWAYS_INSTALLED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toSet());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("fleet.jar lacks " + ALWAYS_INSTALLED, e);
        }
    }

    private static Optional<EdgeApp> readSelection(EdgeApp app, Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Set<String> names = new TreeSet<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            List<AppBundle> kept = app.bundles().stream().filter(b -> names.contains(identity(b))).toList();
            return kept.size() == names.size() ? Optional.of(app.withBundles(kept)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeSelection(Path file, Set<AppBundle> needed) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, needed.stream().map(EdgeAppPreparation::identity).sorted().toList(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // only a cache: the next run computes the selection again
        }
    }

    private static String identity(AppBundle bundle) {
        return bundle.symbolicName() + ";" + bundle.version();
    }

    private static String key(EdgeApp app, Set<AppBundle> roots) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(app.id().getBytes(StandardCharsets.UTF_8));
            roots.stream().map(EdgeAppPreparation::identity).sorted()
                    .forEach(name -> digest.update(name.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Path scratch(WorkDir workDir) {
        return workDir.appCacheDir().resolve("check-" + ProcessHandle.current().pid());
    }
}
