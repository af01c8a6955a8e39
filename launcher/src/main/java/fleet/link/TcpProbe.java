package fleet.link;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Can anything accept a TCP connection at the backend's host and port? Tells "nothing listens"
 * apart from "the backend does not accept this edge", which the edges' own state cannot.
 */
final class TcpProbe {

    /** What {@link #check()} reports when the port is closed; {@link OnlineWait} recognises it. */
    static final String CONNECTION_REFUSED = "connection refused";

    private final String host;
    private final int port;
    private final Duration timeout;

    TcpProbe(URI backend, Duration timeout) {
        this.host = backend.getHost();
        this.port = backend.getPort() != -1 ? backend.getPort() : "wss".equals(backend.getScheme()) ? 443 : 80;
        this.timeout = timeout;
    }

    String address() {
        return host + ":" + port;
    }

    /** Empty when something accepted the connection; otherwise why not, in words a user can act on. */
    Optional<String> check() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return Optional.empty();
        } catch (ConnectException e) {
            return Optional.of(CONNECTION_REFUSED + " (nothing listens on " + address() + ")");
        } catch (SocketTimeoutException e) {
            return Optional.of("timeout: " + address() + " did not answer within " + timeout.toSeconds()
                    + " s (firewall, or wrong host?)");
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + host);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("cannot reach " + address() + ": " + e.getMessage());
        }
    }
}
