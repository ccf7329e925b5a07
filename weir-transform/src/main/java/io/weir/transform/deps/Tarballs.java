package io.weir.transform.deps;

import io.weir.transform.TransformException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Unpacks a hub package's gzipped tarball, whose files usually sit in one top folder such as {@code dbt-utils-1.1.1/}. */
final class Tarballs {
    private Tarballs() {}

    /**
     * Writes the regular files and folders of {@code tarball} under {@code folder}; entries that would land outside
     * it and links are left out.
     *
     * @return the package's root: the single top folder when the archive has one, else {@code folder}
     */
    static Path extract(Path tarball, Path folder, String what) {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            Files.createDirectories(folder);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder) || target.equals(folder)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
            return packageRoot(folder);
        } catch (IOException e) {
            throw new TransformException(
                    "Cannot unpack " + what + ": " + e.getMessage()
                            + "; the download is not a gzipped tarball, so check the hub's 'downloads.tarball' URL",
                    e);
        }
    }

    private static Path packageRoot(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve("dbt_project.yml"))) {
            return folder;
        }
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> children = list.toList();
            return children.size() == 1 && Files.isDirectory(children.get(0)) ? children.get(0) : folder;
        }
    }
}
