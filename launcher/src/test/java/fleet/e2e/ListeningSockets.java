package fleet.e2e;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as Linux shows them: its socket inodes from
 * {@code /proc/PID/fd} matched with the LISTEN rows (state 0A) of {@code /proc/PID/net/tcp} and
 * {@code tcp6}; and its UDP sockets ({@code udp}, {@code udp6}, any state).
 */
record ListeningSockets(List<Listener> listeners, List<Listener> udp) {

    record Listener(InetAddress address, int port) {
        boolean wildcard() {
            return address.isAnyLocalAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    static ListeningSockets of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        return new ListeningSockets(sockets(pid, inodes, "tcp", "0A"), sockets(pid, inodes, "udp", null));
    }

    /** Rows of {@code /proc/PID/net/<protocol>} and {@code <protocol>6} of these inodes, in a state (null: any). */
    private static List<Listener> sockets(long pid, Set<String> inodes, String protocol, String state)
            throws IOException {
        List<Listener> found = new ArrayList<>();
        for (String table : new String[] {protocol, protocol + "6"}) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] column = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if ((state == null || column[3].equals(state)) && inodes.contains(column[9])) {
                    found.add(parse(column[1]));
                }
            }
        }
        return List.copyOf(found);
    }

    List<Listener> wildcards() {
        return listeners.stream().filter(Listener::wildcard).toList();
    }

    /** "0100007F:1F90": the address as 32-bit words in the kernel's (little-endian) byte order. */
    private static Listener parse(String hexAddressAndPort) throws IOException {
        String[] parts = hexAddressAndPort.split(":");
        byte[] words = new BigInteger("1" + parts[0], 16).toByteArray(); // leading 1 keeps the zeros
        byte[] address = new byte[parts[0].length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                address[word * 4 + i] = words[1 + word * 4 + (3 - i)];
            }
        }
        return new Listener(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }
}
