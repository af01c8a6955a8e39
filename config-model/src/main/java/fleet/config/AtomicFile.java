package fleet.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file's content at once: the text goes into a temporary file beside it, which is then
 * moved into place, so a reader (or a crash) never sees half a file.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /**
     * @param ownerOnly readable and writable by the owner only (0600 from the first byte, where the
     *                  file system has POSIX permissions): for keys and passwords
     * @throws UncheckedIOException naming the file
     */
    public static void write(Path file, String text, boolean ownerOnly) {
        Path target = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            String prefix = "." + target.getFileName();
            Path partial = ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(target.getParent(), prefix, ".partial",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(target.getParent(), prefix, ".partial");
            try {
                Files.writeString(partial, text, StandardCharsets.UTF_8);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
