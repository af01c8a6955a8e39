package fleet.fetch;

import static fleet.fetch.FetchTesting.files;
import static fleet.fetch.FetchTesting.stream;
import static fleet.fetch.FetchTesting.text;
import static fleet.fetch.ReleaseAsset.EDGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import fleet.testing.ConfigFiles;

/**
 * The edge application by version against a real HTTP server on 127.0.0.1 that serves fleet's test
 * edge application as a release, with the cache in a temporary directory.
 */
class EdgeAppFetchTest {

    private static final OpenemsVersion VERSION = new OpenemsVersion(2026, 4, 0);
    private static final String RELEASE_PATH = "/releases/download/2026.4.0/openems-edge.jar";

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
    void firstUseDownloadsThroughTheRedirectWithAProgressBarAndRecordsTheChecksum() throws IOException {
        byte[] release = ReleaseJars.statingVersion(2026, 4, 0, "");
        server.at(RELEASE_PATH, ReleaseServer.redirectTo("/objects/openems-edge.jar"))
                .at("/objects/openems-edge.jar", ReleaseServer.body(release));

        Path jar = fetch(true).cachedOrDownloaded(VERSION);

        assertEquals(dir.resolve("xdg-cache/fleet/openems/2026.4.0/openems-edge.jar"), jar);
        assertArrayEquals(release, Files.readAllBytes(jar));
        assertEquals(Sha256.of(jar) + "  openems-edge.jar\n", Files.readString(cache.checksum(VERSION, EDGE)),
                "sha256sum's format");
        assertEquals(List.of("openems-edge.jar", "openems-edge.jar.sha256"), files(cache.directory(VERSION)));
        assertEquals(2, server.requests(), "the release path and where it redirects");
        assertTrue(text(out).contains("fleet: downloading the edge application of OpenEMS 2026.4.0 from "
                + url() + " into " + jar), text(out));
        assertTrue(text(out).contains("SHA-256 " + Sha256.of(jar) + " in " + cache.checksum(VERSION, EDGE)), text(out));
        assertTrue(text(progress).contains("openems-edge.jar 2026.4.0") && text(progress).contains("100%"),
                "the progress bar: " + text(progress));
    }

    @Test
    void withoutATerminalTheProgressIsPlainLines() throws IOException {
        byte[] release = ReleaseJars.statingVersion(2026, 4, 0, "");
        server.at(RELEASE_PATH, ReleaseServer.body(release));

        fetch(false).cachedOrDownloaded(VERSION);

        assertTrue(text(progress).startsWith("fleet: openems-edge.jar 2026.4.0: " + DownloadProgress.mib(release.length)),
                text(progress));
        assertFalse(text(progress).contains("\r"), "no bar: " + text(progress));
    }

    @Test
    void laterUsesTakeTheCacheWithoutNetwork() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "")));
        Path downloaded = fetch(false).cachedOrDownloaded(VERSION);
        server.close();
        out.reset();

        assertEquals(downloaded, fetch(false).cachedOrDownloaded(VERSION));
        assertEquals(downloaded, fetch(false).cached(VERSION), "as the JVM that hosts the edges takes it");

        assertEquals("fleet: edge application of OpenEMS 2026.4.0 from the cache: " + downloaded + "\n", text(out));
        assertEquals(1, server.requests(), "only the first use downloaded");
    }

    @Test
    void aJarChangedInTheCacheIsAnErrorAndNotDownloadedAgain() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "")));
        Path jar = fetch(false).cachedOrDownloaded(VERSION);
        byte[] tampered = Files.readAllBytes(jar);
        tampered[tampered.length / 2] ^= 1;
        Files.write(jar, tampered);

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("does not match the SHA-256 recorded in " + cache.checksum(VERSION, EDGE)),
                e.getMessage());
        assertThrows(FleetException.class, () -> fetch(false).cached(VERSION), "the hosting JVM checks it too");
        assertArrayEquals(tampered, Files.readAllBytes(jar), "left as it is");
        assertEquals(1, server.requests(), "not downloaded again");
    }

    @Test
    void aTruncatedBodyLeavesNothingInTheCache() throws IOException {
        byte[] release = ReleaseJars.statingVersion(2026, 4, 0, "");
        server.at(RELEASE_PATH, exchange -> {
            exchange.sendResponseHeaders(200, release.length); // announces every byte ...
            OutputStream body = exchange.getResponseBody();
            body.write(release, 0, release.length / 2); // ... sends half, and the connection closes
            body.flush();
        });

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("of the " + release.length + " bytes the server announced"), e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void notFound() {
        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("the server answered HTTP 404"), e.getMessage());
        assertEquals(1, server.requests());
        assertNothingInTheCache();
    }

    @Test
    void connectionRefused() {
        server.close();
        String refusing = "http://127.0.0.1:" + ConfigFiles.freePort();
        ReleaseFetch fetch = new ReleaseFetch(EDGE, cache, new ReleaseUrl(refusing + RELEASE_PATH.replace("2026.4.0",
                "{version}")), Console.to(stream(out)), Console.to(stream(progress)), false);

        FleetException e = assertThrows(FleetException.class, () -> fetch.cachedOrDownloaded(VERSION));

        assertOneLineNaming(e, refusing + RELEASE_PATH);
        assertTrue(e.getMessage().contains(": connection refused;"), e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void aDownloadThatIsNoEdgeApplicationIsNotTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.notAnEdgeApp()));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("it is not the edge application of OpenEMS 2026.4.0: no launcher.properties"),
                e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void aDownloadOfAnotherOpenemsVersionIsNotTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 3, 0, "")));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("it is OpenEMS 2026.3.0 (io.openems.common's OpenemsConstants)"),
                e.getMessage());
        assertNothingInTheCache();
    }

    @Test
    void aSnapshotOfTheSameReleaseIsTaken() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "SNAPSHOT")));

        assertTrue(Files.isRegularFile(fetch(false).cachedOrDownloaded(VERSION)), "major.minor.patch decide");
    }

    /**
     * fleet's test edge application has no io.openems.common, so it states no OpenEMS version: it is
     * taken with a warning that says its version was not checked (the version check itself is tested
     * above, with an io.openems.common that ReleaseJars adds).
     */
    @Test
    void anEdgeApplicationWithoutOpenemsVersionIsTakenWithAWarning() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.testEdgeApp()));

        Path jar = fetch(false).cachedOrDownloaded(VERSION);

        assertTrue(Files.isRegularFile(jar));
        assertTrue(text(out).contains("fleet: warning: " + url() + " has no io.openems.common bundle: it is not OpenEMS"
                + " itself, and its OpenEMS version is not checked"), text(out));
        out.reset();
        fetch(false).cachedOrDownloaded(VERSION);
        assertFalse(text(out).contains("warning"), "said once, when it came into the cache: " + text(out));
    }

    @Test
    void aJarPutIntoTheCacheByHandIsCheckedAndItsChecksumRecorded() throws IOException {
        server.close();
        ReleaseJars.write(cache.jar(VERSION, EDGE), ReleaseJars.statingVersion(2026, 4, 0, ""));

        Path jar = fetch(false).cachedOrDownloaded(VERSION);

        assertEquals(Sha256.of(jar) + "  openems-edge.jar\n", Files.readString(cache.checksum(VERSION, EDGE)));
        assertTrue(text(out).contains("recorded the SHA-256 of " + jar + " (put into the cache by hand)"), text(out));
        assertEquals(0, server.requests());
    }

    @Test
    void aJarOfAnotherVersionPutIntoTheCacheIsAnError() throws IOException {
        ReleaseJars.write(cache.jar(VERSION, EDGE), ReleaseJars.statingVersion(2026, 5, 0, "SNAPSHOT"));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("it is OpenEMS 2026.5.0-SNAPSHOT"), e.getMessage());
        assertFalse(Files.exists(cache.checksum(VERSION, EDGE)), "no checksum recorded for it");
        assertEquals(0, server.requests());
    }

    @Test
    void aRecordedChecksumWithoutItsJarPinsTheDownload() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "")));
        String pinned = "0".repeat(64) + "  openems-edge.jar\n";
        ReleaseJars.write(cache.checksum(VERSION, EDGE), pinned.getBytes(StandardCharsets.US_ASCII));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cachedOrDownloaded(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertTrue(e.getMessage().contains("is not the one recorded in " + cache.checksum(VERSION, EDGE)), e.getMessage());
        assertEquals(List.of("openems-edge.jar.sha256"), files(cache.directory(VERSION)), "no jar, no part file");
        assertEquals(pinned, Files.readString(cache.checksum(VERSION, EDGE)));
    }

    @Test
    void theHostingJvmNeverDownloads() throws IOException {
        server.at(RELEASE_PATH, ReleaseServer.body(ReleaseJars.statingVersion(2026, 4, 0, "")));

        FleetException e = assertThrows(FleetException.class, () -> fetch(false).cached(VERSION));

        assertOneLineNamingUrlCacheAndAlternative(e);
        assertEquals(0, server.requests());
        assertNothingInTheCache();
    }

    private ReleaseFetch fetch(boolean terminal) {
        return new ReleaseFetch(EDGE, cache, new ReleaseUrl(server.base() + "/releases/download/{version}/openems-edge.jar"),
                Console.to(stream(out)), Console.to(stream(progress)), terminal);
    }

    private String url() {
        return server.base() + RELEASE_PATH;
    }

    private void assertOneLineNamingUrlCacheAndAlternative(FleetException e) {
        assertOneLineNaming(e, url());
    }

    /** One line for the user (no cause, so fleet prints no "--verbose" hint): the URL, the cache path, --edge-app. */
    private void assertOneLineNaming(FleetException e, String url) {
        assertEquals(ExitCode.BAD_INPUT, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertNull(e.getCause(), e.getMessage());
        assertTrue(e.getMessage().contains(url), "names the URL: " + e.getMessage());
        assertTrue(e.getMessage().contains(cache.directory(VERSION).toString()), "names the cache: " + e.getMessage());
        assertTrue(e.getMessage().contains("--edge-app"), "names the alternative: " + e.getMessage());
    }

    /** Not even the version's directory: every file of the cache would be one a later run trusts. */
    private void assertNothingInTheCache() {
        assertFalse(Files.exists(cache.directory(VERSION)), () -> "left in the cache: " + files(cache.directory(VERSION)));
    }
}
