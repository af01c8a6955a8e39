package fleet.fetch;

import static fleet.fetch.FetchTesting.files;
import static fleet.fetch.FetchTesting.stream;
import static fleet.fetch.FetchTesting.text;
import static fleet.fetch.ReleaseAsset.BACKEND;
import static fleet.fetch.ReleaseAsset.EDGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.ExitCode;
import fleet.FleetException;
import fleet.console.Console;

/**
 * The OpenEMS Backend of a release, openems-backend.jar, by the same machinery as the edge application
 * (EdgeAppFetchTest tests that machinery in depth): a real HTTP server on 127.0.0.1 serves synthetic
 * backend jars ({@link ReleaseJars#backend}), with the cache in a temporary directory.
 */
class BackendFetchTest {

    private static final OpenemsVersion VERSION = new OpenemsVersion(2026, 4, 0);
    private static final String RELEASE_PATH = "/releases/download/2026.4.0/openems-backend.jar";
    private static final String EDGE_TEMPLATE_PATH = "/releases/download/{version}/openems-edge.jar";

    @TempDir
    Path dir;

    private ReleaseServer server;
    private ReleaseCache cache;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = new ReleaseServer();
        cache = ReleaseCache.of(dir.resolve("xdg-cache").toString(), "/nonexistent-home");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void firstUseDownloadsItBesideTheEdgeApplicationAndRecordsTheChecksum() throws IOException {
        byte[] release = ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT);
        server.at(RELEASE_PATH, ReleaseServer.redirectTo("/objects/openems-backend.jar"))
                .at("/objects/openems-backend.jar", ReleaseServer.body(release));

        Path jar = fetch(true).cachedOrDownloaded(VERSION);

        assertEquals(dir.resolve("xdg-cache/fleet/openems/2026.4.0/openems-backend.jar"), jar);
        assertArrayEquals(release, Files.readAllBytes(jar));
        assertEquals(dir.resolve("xdg-cache/fleet/openems/2026.4.0/openems-backend.jar.sha256"),
                cache.checksum(VERSION, BACKEND));
        assertEquals(Sha256.of(jar) + "  openems-backend.jar\n", Files.readString(cache.checksum(VERSION, BACKEND)),
                "sha256sum's format");
        assertEquals(List.of("openems-backend.jar", "openems-backend.jar.sha256"), files(cache.directory(VERSION)));
        assertTrue(text(out).contains("fleet: downloading the OpenEMS Backend of OpenEMS 2026.4.0 from " + url()
                + " into " + jar), text(out));
        assertTrue(text(out).contains("SHA-256 " + Sha256.of(jar) + " in " + cache.checksum(VERSION, BACKEND)),
                text(out));
        assertTrue(text(progress).contains("openems-backend.jar 2026.4.0") && text(progress).contains("100%"),
                "the progress bar: " + text(progress));
    }

    @Test
    void laterUsesTakeTheCacheWithoutNetwork() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT)));
        Path downloaded = fetch(false).cachedOrDownloaded(VERSION);
        server.close();
        out.reset();

        assertEquals(downloaded, fetch(false).cachedOrDownloaded(VERSION));
        assertEquals(downloaded, fetch(false).cached(VERSION), "as a hosted JVM takes it");

        assertEquals("fleet: OpenEMS Backend of OpenEMS 2026.4.0 from the cache: " + downloaded + "\n", text(out));
        assertEquals(1, server.requests(), "only the first use downloaded");
    }

    /** One directory per release: the edge application and the Backend, each with its own checksum file. */
    @Test
    void theEdgeApplicationAndTheBackendShareTheVersionsDirectory() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT)))
                .at("/releases/download/2026.4.0/openems-edge.jar",
                        ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "")));

        Path edge = new ReleaseFetch(EDGE, cache, edgeUrl(), Console.to(stream(out)), Console.to(stream(progress)),
                false).cachedOrDownloaded(VERSION);
        Path backend = fetch(false).cachedOrDownloaded(VERSION);

        assertEquals(edge.getParent(), backend.getParent());
        assertEquals(List.of("openems-backend.jar", "openems-backend.jar.sha256", "openems-edge.jar",
                "openems-edge.jar.sha256"), files(cache.directory(VERSION)));
        assertEquals(Sha256.of(edge) + "  openems-edge.jar\n", Files.readString(cache.checksum(VERSION, EDGE)));
    }

    @Test
    void aJarChangedInTheCacheIsAnErrorAndNotDownloadedAgain() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT)));
        Path jar = fetch(false).cachedOrDownloaded(VERSION);
        byte[] tampered = Files.readAllBytes(jar);
        tampered[tampered.length / 2] ^= 1;
        Files.write(jar, tampered);

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("does not match the SHA-256 recorded in "
                + cache.checksum(VERSION, BACKEND)), e.getMessage());
        assertThrows(FleetException.class, () -> fetch(false).cached(VERSION), "a hosted JVM checks it too");
        assertArrayEquals(tampered, Files.readAllBytes(jar), "left as it is");
        assertEquals(1, server.requests(), "not downloaded again");
    }

    @Test
    void aDownloadThatDoesNotMatchARecordedChecksumIsNotTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT)));
        String pinned = "0".repeat(64) + "  openems-backend.jar\n";
        ReleaseJars.write(cache.checksum(VERSION, BACKEND), pinned.getBytes(StandardCharsets.US_ASCII));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().startsWith("cannot download the OpenEMS Backend of OpenEMS 2026.4.0 from " + url()
                + ": its SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("is not the one recorded in " + cache.checksum(VERSION, BACKEND)),
                e.getMessage());
        assertEquals(List.of("openems-backend.jar.sha256"), files(cache.directory(VERSION)), "no jar, no part file");
    }

    @Test
    void notFound() {
        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertEquals("cannot download the OpenEMS Backend of OpenEMS 2026.4.0 from " + url() + ": the server answered"
                + " HTTP 404 (not found); nothing was written to " + cache.jar(VERSION, BACKEND) + ". Check"
                + " --openems-version and --openems-download-url or $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL, or set"
                + " $FLEET_OPENEMS_BACKEND_JAR to an openems-backend.jar you have", e.getMessage());
        assertEquals(1, server.requests());
        assertNothingInTheCache();
    }

    @Test
    void anEdgeApplicationIsNoBackend() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.testEdgeApp()));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("it is not the OpenEMS Backend of OpenEMS 2026.4.0: no"
                + " jar/io.openems.backend.application.jar (BackendApp), which every OpenEMS Backend has;"),
                e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void theBackendsEdgeApplicationIsNoBackend() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backendEdgeApp(2026, 4, 0)));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("the Backend's edge-facing application (openems-backend-edge.jar), not the"
                + " Backend (openems-backend.jar)"), e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void aDownloadOfAnotherOpenemsVersionIsNotTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 1, 0, "", BackendJarCheck.Layout.SINGLE)));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("it is OpenEMS 2026.1.0 (io.openems.common's OpenemsConstants)"),
                e.getMessage());
        assertNothingInTheCache();
    }

    /** The edge application's test stand-in may lack io.openems.common; an OpenEMS Backend never does. */
    @Test
    void aBackendThatStatesNoOpenemsVersionIsNotTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backendWithoutOpenemsVersion()));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains(": no io.openems.common bundle, which every OpenEMS Backend has and which"
                + " states OpenEMS's version;"), e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void aHostedJvmNeverDownloads() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SPLIT)));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cached(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().startsWith("the OpenEMS Backend of OpenEMS 2026.4.0 from " + url()
                + " is no longer in the cache"), e.getMessage());
        assertEquals(0, server.requests());
        assertNothingInTheCache();
    }

    @Test
    void theBackendIsBesideOpenemsEdgeJar() {
        assertEquals(URI.create("https://github.com/OpenEMS/openems/releases/download/2026.4.0/openems-backend.jar"),
                ReleaseUrl.ofBackend(ReleaseUrl.defaultUrl(), "the default download URL", null).forVersion(VERSION));
        assertEquals(new ReleaseUrl("http://mirror.example/openems/{version}/openems-backend.jar"),
                ReleaseUrl.ofBackend(new ReleaseUrl("http://mirror.example/openems/{version}/openems-edge.jar"),
                        "--openems-download-url", null));
        assertEquals(new ReleaseUrl("http://mirror.example/backend-{version}.jar"),
                ReleaseUrl.ofBackend(new ReleaseUrl("http://mirror.example/openems/{version}/openems-edge.jar"),
                        "--openems-download-url", " http://mirror.example/backend-{version}.jar "),
                "$FLEET_OPENEMS_BACKEND_DOWNLOAD_URL beats the mapping");
    }

    /** The mapped URL is the one downloaded from, as the launching fleet does it. */
    @Test
    void theMappedUrlIsDownloaded() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.backend(2026, 4, 0, "", BackendJarCheck.Layout.SINGLE)));
        ReleaseUrl mapped = ReleaseUrl.ofBackend(edgeUrl(), "--openems-download-url", null);

        Path jar = new ReleaseFetch(BACKEND, cache, mapped, Console.to(stream(out)), Console.to(stream(progress)),
                false).cachedOrDownloaded(VERSION);

        assertEquals(cache.jar(VERSION, BACKEND), jar);
        assertEquals(1, server.requests());
    }

    @Test
    void aTemplateNotEndingInOpenemsEdgeJarNeedsTheBackendsOwn() {
        ReleaseUrl mirror = new ReleaseUrl("http://mirror.example/edge-{version}.jar");

        FleetException e = assertThrows(FleetException.class,
                () -> ReleaseUrl.ofBackend(mirror, "$FLEET_OPENEMS_DOWNLOAD_URL", null));

        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertEquals("$FLEET_OPENEMS_DOWNLOAD_URL http://mirror.example/edge-{version}.jar does not end in"
                + " /openems-edge.jar, so fleet cannot tell where the release's openems-backend.jar is: set"
                + " $FLEET_OPENEMS_BACKEND_DOWNLOAD_URL to its URL, with {version} for the release, or set"
                + " $FLEET_OPENEMS_BACKEND_JAR to an openems-backend.jar you have", e.getMessage());
        assertEquals(new ReleaseUrl("http://mirror.example/backend-{version}.jar"), ReleaseUrl.ofBackend(mirror,
                "$FLEET_OPENEMS_DOWNLOAD_URL", "http://mirror.example/backend-{version}.jar"));
        FleetException bad = assertThrows(FleetException.class,
                () -> ReleaseUrl.ofBackend(mirror, "$FLEET_OPENEMS_DOWNLOAD_URL", "mirror.example/backend.jar"));
        assertEquals("$FLEET_OPENEMS_BACKEND_DOWNLOAD_URL mirror.example/backend.jar: must be an http(s) URL of"
                + " openems-backend.jar with {version} for the release, e.g."
                + " https://github.com/OpenEMS/openems/releases/download/{version}/openems-backend.jar", bad.getMessage());
    }

    private ReleaseFetch fetch(boolean terminal) {
        return new ReleaseFetch(BACKEND, cache,
                new ReleaseUrl(server.base() + "/releases/download/{version}/openems-backend.jar"),
                Console.to(stream(out)), Console.to(stream(progress)), terminal);
    }

    private ReleaseUrl edgeUrl() {
        return new ReleaseUrl(server.base() + EDGE_TEMPLATE_PATH);
    }

    private String url() {
        return server.base() + RELEASE_PATH;
    }

    /** One line (no cause): the URL, the cache path, $FLEET_OPENEMS_BACKEND_JAR. */
    private void assertOneLineNamingUrlCacheAndAlternative(FleetException e) {
        assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertNull(e.getCause(), e.getMessage());
        assertTrue(e.getMessage().contains(url()), "names the URL: " + e.getMessage());
        assertTrue(e.getMessage().contains(cache.directory(VERSION).toString()), "names the cache: " + e.getMessage());
        assertTrue(e.getMessage().contains("$FLEET_OPENEMS_BACKEND_JAR"), "names the alternative: " + e.getMessage());
        assertFalse(e.getMessage().contains("--edge-app"), "not the edge's alternative: " + e.getMessage());
    }

    private void assertNothingInTheCache() {
        assertFalse(Files.exists(cache.directory(VERSION)), () -> "left in the cache: " + files(cache.directory(VERSION)));
    }
}
