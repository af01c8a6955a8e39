package fleet.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP GET into a file, as a release asset needs it: redirects followed (GitHub answers a
 * release download with a redirect to its object store), a time limit on connecting, on the answer
 * and on a body that stops flowing, every announced byte checked, and the SHA-256 computed while
 * writing.
 */
final class Download {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    /** @param sha256 of the bytes written, lower-case hex */
    record Result(long bytes, String sha256) {
    }

    private final Duration stallTimeout;

    Download() {
        this(STALL_TIMEOUT);
    }

    /** @param stallTimeout how long the body may deliver nothing before the download is given up */
    Download(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    /**
     * Writes the body of a 2xx answer into {@code file}.
     *
     * @throws DownloadFailure when the server is unreachable, answers anything but 2xx, or the body is
     *                         incomplete; {@code file} may then hold part of it
     * @throws IOException     when {@code file} cannot be written
     */
    Result into(URI url, Path file, DownloadProgress progress) throws DownloadFailure, IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT).header("User-Agent", "fleet")
                    .GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new DownloadFailure(describe(e, url));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailure("interrupted");
            }
            InputStream body = response.body();
            try {
                int status = response.statusCode();
                if (status / 100 != 2) {
                    throw new DownloadFailure("the server answered HTTP " + status
                            + (status == 404 ? " (not found)" : ""));
                }
                long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                progress.start(announced);
                Result result = copy(body, file, progress, announced);
                if (announced >= 0 && result.bytes() != announced) {
                    throw new DownloadFailure("the body ended after " + ofAnnounced(result.bytes(), announced));
                }
                return result;
            } finally {
                closeQuietly(body);
            }
        } finally {
            client.shutdownNow();
        }
    }

    /** Reads the body to its end; a body that delivers nothing for stallTimeout is closed from a watchdog. */
    private Result copy(InputStream body, Path file, DownloadProgress progress, long announced)
            throws DownloadFailure, IOException {
        MessageDigest digest = Sha256.digest();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fleet-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long check = Math.max(50, Math.min(1_000, stallTimeout.toMillis() / 4));
        watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastData.get() > stallTimeout.toNanos() && stalled.compareAndSet(false, true)) {
                closeQuietly(body); // the reading thread's read() then ends with an IOException
            }
        }, check, check, TimeUnit.MILLISECONDS);
        long received = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    throw new DownloadFailure(stalled.get() ? stalledAfter(received, announced)
                            : "the download broke off after " + ofAnnounced(received, announced) + " ("
                                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                }
                if (n < 0) {
                    if (stalled.get()) { // a closed body may also just end: without a Content-Length that looks complete
                        throw new DownloadFailure(stalledAfter(received, announced));
                    }
                    break;
                }
                lastData.set(System.nanoTime());
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                received += n;
                progress.advanced(received);
            }
        } finally {
            watchdog.shutdownNow();
        }
        return new Result(received, Sha256.hex(digest));
    }

    private String stalledAfter(long received, long announced) {
        return "no data for " + readable(stallTimeout) + " after " + ofAnnounced(received, announced);
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String ofAnnounced(long received, long announced) {
        return received + (announced >= 0 ? " of the " + announced + " bytes the server announced" : " bytes");
    }

    /** A connection failure in a few words; the JDK's exceptions often carry no message of their own. */
    static String describe(IOException e, URI url) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + url.getHost() + " within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "cannot resolve " + url.getHost() + " (offline?)";
            }
        }
        if (e instanceof ConnectException) {
            String message = deepestMessage(e);
            return message == null ? "connection refused" : message.toLowerCase(java.util.Locale.ROOT);
        }
        String message = deepestMessage(e);
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the stream closed either way
        }
    }
}
