package io.weir.extract.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Files on the local disk: one file, or a folder's files (in sub-folders too) whose names match a glob. */
final class LocalFiles implements FileStore {
    private final Path root;
    private final String shown;
    private final PathMatcher pattern;

    /**
     * @param root the file or folder
     * @param shown how messages name it (as the listing wrote it)
     * @param pattern a glob on file names, or null for every file
     */
    LocalFiles(Path root, String shown, String pattern) {
        this.root = root;
        this.shown = shown;
        this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + (pattern == null ? "*" : pattern));
    }

    @Override
    public boolean single() {
        return !Files.isDirectory(root);
    }

    @Override
    public List<SourceFile> list() {
        if (!Files.exists(root)) {
            throw FileLoadException.refused(
                    shown, "no such file or folder; the path is relative to the project (" + root + ")");
        }
        try {
            if (!Files.isDirectory(root)) {
                return List.of(describe(shown, root));
            }
            List<SourceFile> files = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.filter(Files::isRegularFile)
                        .filter(path -> pattern.matches(path.getFileName()))
                        .sorted(Comparator.naturalOrder())
                        .toList()) {
                    files.add(describe(root.relativize(path).toString().replace('\\', '/'), path));
                }
            }
            return files;
        } catch (IOException e) {
            throw FileLoadException.unreachable(shown, e.getMessage(), e);
        }
    }

    private static SourceFile describe(String name, Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new SourceFile(
                name, attributes.size(), null, attributes.lastModifiedTime().toInstant());
    }

    @Override
    public Fetched fetch(SourceFile file, String knownEtag, long maxBytes, Path tempDir) {
        if (file.size() > maxBytes) {
            throw FileLoadException.badContent(
                    file.name(),
                    0,
                    "it has " + file.size() + " bytes, more than max_bytes " + maxBytes + "; raise max_bytes in the"
                            + " listing if the file is meant to be this big");
        }
        Path path = Files.isDirectory(root) ? root.resolve(file.name()) : root;
        if (!Files.isReadable(path)) {
            throw FileLoadException.unreachable(
                    file.name(), "the file cannot be read", new UncheckedIOException(new IOException(path.toString())));
        }
        return new Fetched(path, file, null);
    }
}
