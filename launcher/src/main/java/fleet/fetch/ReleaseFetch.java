package fleet.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

import fleet.FleetException;
import fleet.console.Console;

/**
 * A jar of an OpenEMS release, by version: the {@link ReleaseAsset} (openems-edge.jar, the edge
 * application, or openems-backend.jar, the OpenEMS Backend) from the user's {@link ReleaseCache},
 * downloaded into it on first use. A download is taken only when it is complete, is that asset and
 * states the version asked for; its SHA-256 is recorded then and checked at every later use, so a jar
 * that changed in the cache is an error, never silently replaced. Nothing half-written stays in the
 * cache: the download goes to a temporary file beside the jar and is renamed into place once it passed
 * every check, and the checksum file is written after the jar.
 *
 * <p>Every failure is one line that names the URL, the cache path and the way to run without any
 * download ({@code --edge-app} for the edge application, {@code $FLEET_OPENEMS_BACKEND_JAR} for the
 * Backend).
 */
public final class ReleaseFetch {

    private final ReleaseAsset asset;
    private final ReleaseCache cache;
    private final ReleaseUrl url;
    private final Console out;
    private final Console progress;
    private final boolean terminal;

    /**
     * @param url      where the asset is downloaded from
     * @param out      fleet's lines (what is downloaded, from where, what is taken from the cache)
     * @param progress where the download's progress shows
     * @param terminal progress as a bar (a person watches) or as plain lines
     */
    public ReleaseFetch(ReleaseAsset asset, ReleaseCache cache, ReleaseUrl url, Console out, Console progress,
            boolean terminal) {
        this.asset = asset;
        this.cache = cache;
        this.url = url;
        this.out = out;
        this.progress = progress;
        this.terminal = terminal;
    }

    /** The launching fleet: the cached jar, checked, or else a download of it. */
    public Path cachedOrDownloaded(OpenemsVersion version) {
        if (!Files.isRegularFile(jar(version))) {
            return download(version);
        }
        checkCached(version, true);
        out.info(asset.what() + " of OpenEMS " + version + " from the cache: " + jar(version));
        return jar(version);
    }

    /**
     * The JVM that hosts the edges runs the same resolution as the fleet that launched it, after that
     * fleet downloaded the jar: it checks the cache again and never downloads (nor speaks).
     */
    public Path cached(OpenemsVersion version) {
        Path jar = jar(version);
        if (!Files.isRegularFile(jar)) {
            throw FleetException.badInput(the(version) + " from " + source(version)
                    + " is no longer in the cache (" + jar + "), where fleet had just put it: run fleet again to"
                    + " download it, " + asset.alternative());
        }
        checkCached(version, false);
        return jar;
    }

    /** The recorded checksum must match; a jar put there without one is checked and its checksum recorded. */
    private void checkCached(OpenemsVersion version, boolean speak) {
        Path jar = jar(version);
        Optional<String> recorded = recordedChecksum(version);
        String actual;
        try {
            actual = Sha256.of(jar);
        } catch (IOException e) {
            throw FleetException.badInput("cannot read " + jar + " (" + e.getMessage() + "), the cached " + asset.what()
                    + " of OpenEMS " + version + " from " + source(version) + ": " + asset.alternative());
        }
        if (recorded.isPresent() && !recorded.get().equals(actual)) {
            throw FleetException.badInput(jar + " does not match the SHA-256 recorded in " + checksum(version)
                    + " when it came from " + source(version) + ": it changed in the cache; remove "
                    + cache.directory(version) + " to download it again, " + asset.alternative());
        }
        // A jar without OpenEMS's version is named once, when it comes into the cache, not at every use.
        Optional<String> problem = problemWith(jar, version, speak && recorded.isEmpty() ? jar.toString() : null);
        if (problem.isPresent()) {
            throw FleetException.badInput(jar + " in the cache is not " + the(version) + ": " + problem.get()
                    + "; remove " + cache.directory(version) + " to download it from " + source(version) + ", "
                    + asset.alternative());
        }
        if (recorded.isEmpty()) {
            recordChecksum(version, actual);
            if (speak) {
                out.info("recorded the SHA-256 of " + jar + " (put into the cache by hand) in "
                        + checksum(version));
            }
        }
    }

    private Path download(OpenemsVersion version) {
        Path directory = cache.directory(version);
        Path jar = jar(version);
        URI from = url.forVersion(version);
        // A checksum file kept (or put there) without its jar pins what the download must be.
        Optional<String> recorded = recordedChecksum(version);
        boolean createdDirectory = !Files.isDirectory(directory);
        Path part = null;
        try {
            Files.createDirectories(directory);
            part = Files.createTempFile(directory, asset.fileName() + ".", ".part");
            part.toFile().deleteOnExit(); // Ctrl-C during the download: the JVM's shutdown removes it
            out.info("downloading " + the(version) + " from " + from + " into " + jar);
            long start = System.nanoTime();
            Download.Result result;
            try (DownloadProgress bar = new DownloadProgress(progress, terminal, asset.fileName() + " " + version)) {
                result = new Download().into(from, part, bar);
            }
            if (recorded.isPresent() && !recorded.get().equals(result.sha256())) {
                throw downloadFailed(version, "its SHA-256 " + result.sha256() + " is not the one recorded in "
                        + checksum(version));
            }
            Optional<String> problem = problemWith(part, version, from.toString());
            if (problem.isPresent()) {
                throw downloadFailed(version, "it is not " + the(version) + ": " + problem.get());
            }
            moveIntoPlace(part, jar);
            if (recorded.isEmpty()) {
                recordChecksum(version, result.sha256());
            }
            out.info(String.format(Locale.ROOT, "downloaded %s in %.1f s; SHA-256 %s in %s",
                    DownloadProgress.mib(result.bytes()), (System.nanoTime() - start) / 1e9, result.sha256(),
                    checksum(version)));
            return jar;
        } catch (DownloadFailure e) {
            throw downloadFailed(version, e.getMessage());
        } catch (IOException e) {
            throw FleetException.badInput("cannot write " + the(version) + " from " + from
                    + " into the cache " + directory + " (" + e + "): set $XDG_CACHE_HOME to a writable directory, "
                    + asset.alternative());
        } finally {
            deleteQuietly(part);
            if (createdDirectory) {
                deleteIfEmpty(directory);
            }
        }
    }

    private FleetException downloadFailed(OpenemsVersion version, String reason) {
        return FleetException.badInput("cannot download " + the(version) + " from " + source(version) + ": " + reason
                + "; nothing was written to " + jar(version) + ". Check --openems-version and " + asset.urlSettings()
                + ", " + asset.alternative());
    }

    /**
     * Layout and version; empty when the jar passes.
     *
     * @param speakingOf what to name in the warning about a jar without OpenEMS's version, null to say nothing
     */
    private Optional<String> problemWith(Path jar, OpenemsVersion version, String speakingOf) {
        Optional<ReleaseJarCheck.StatedVersion> stated;
        try {
            stated = ReleaseJarCheck.check(jar, asset);
        } catch (NotAReleaseJar e) {
            return Optional.of(e.getMessage());
        }
        if (stated.isEmpty()) {
            // Only an application that is not OpenEMS itself lacks io.openems.common (fleet's test edge
            // application), and such a jar states no OpenEMS version to compare with.
            if (speakingOf != null) {
                out.warn(speakingOf + " has no " + ReleaseJarCheck.COMMON_BUNDLE + " bundle: it is not OpenEMS itself,"
                        + " and its OpenEMS version is not checked");
            }
            return Optional.empty();
        }
        if (!stated.get().release().equals(version)) {
            return Optional.of("it is OpenEMS " + stated.get() + " (io.openems.common's OpenemsConstants)");
        }
        return Optional.empty();
    }

    /** E.g. "the OpenEMS Backend of OpenEMS 2026.4.0". */
    private String the(OpenemsVersion version) {
        return "the " + asset.what() + " of OpenEMS " + version;
    }

    private Path jar(OpenemsVersion version) {
        return cache.jar(version, asset);
    }

    private Path checksum(OpenemsVersion version) {
        return cache.checksum(version, asset);
    }

    private String source(OpenemsVersion version) {
        return url.forVersion(version).toString();
    }

    private Optional<String> recordedChecksum(OpenemsVersion version) {
        Path file = checksum(version);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw FleetException.badInput("cannot read " + file + " (" + e.getMessage() + "), the SHA-256 of "
                    + the(version) + " from " + source(version) + ": remove " + cache.directory(version)
                    + " to download it again, " + asset.alternative());
        }
        String sum = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!Sha256.isHex(sum)) {
            throw FleetException.badInput(file + " holds no SHA-256 (sha256sum's format: 64 hex digits, the file"
                    + " name) for " + the(version) + " from " + source(version)
                    + ": remove " + cache.directory(version) + " to download it again, " + asset.alternative());
        }
        return Optional.of(sum);
    }

    /** In sha256sum's format, so that e.g. {@code sha256sum -c openems-edge.jar.sha256} checks it too. */
    private void recordChecksum(OpenemsVersion version, String sha256) {
        Path file = checksum(version);
        Path part = null;
        try {
            part = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".part");
            Files.writeString(part, sha256 + "  " + asset.fileName() + "\n", StandardCharsets.US_ASCII);
            moveIntoPlace(part, file);
        } catch (IOException e) {
            throw FleetException.badInput("cannot write " + file + ", the SHA-256 of " + the(version)
                    + " from " + source(version) + " (" + e + "): set $XDG_CACHE_HOME to a writable"
                    + " directory, " + asset.alternative());
        } finally {
            deleteQuietly(part);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover *.part file is never taken for the jar
        }
    }

    private static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // it holds what a run before put there
        } catch (IOException e) {
            // an empty directory is harmless
        }
    }
}
