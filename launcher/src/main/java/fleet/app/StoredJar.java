package fleet.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle jar with every entry stored instead of deflated. Every edge's framework reads its
 * classes and descriptors from the same extracted bundle jars, so a deflated entry is inflated once
 * per edge: at 50 real edges inflating was 8 % of the Java CPU of the whole start (JFR,
 * {@code InflaterInputStream.read} under the frameworks' class loading), for 4 400 classes per edge.
 * Stored, an entry is one read. The entries, their order and their bytes stay as they were (so a
 * signed jar stays verifiable); the file is about twice as large.
 */
final class StoredJar {

    private StoredJar() {
    }

    static void copy(InputStream jar, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(jar);
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            out.setMethod(ZipOutputStream.STORED);
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(content.length);
                stored.setCompressedSize(content.length);
                stored.setCrc(crc.getValue());
                if (entry.getLastModifiedTime() != null) {
                    stored.setLastModifiedTime(entry.getLastModifiedTime());
                }
                out.putNextEntry(stored);
                out.write(content);
                out.closeEntry();
            }
        }
    }
}
