package io.weir.transform.compile;

import io.weir.transform.project.LoadedProject;
import io.weir.transform.project.ResourceType;
import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The projects this process parsed lately, kept while none of their files changed: a scheduler running a project's
 * transform tasks day after day, or a second command in one process, parses it once. A file counts as unchanged while
 * its size and modification time are; the key holds everything else parsing reads (target, vars, environment).
 */
final class LoadedProjects {
    private static final int CAPACITY = 8;
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "dbt_packages", "logs", ".git", ".weir");
    private static final Map<Key, Entry> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private LoadedProjects() {}

    record Key(
            Path projectDir,
            WarehouseTarget target,
            Map<String, Object> vars,
            Map<String, String> env,
            Map<ResourceType, Map<String, Object>> baseConfigs) {}

    private record FileStamp(String path, long size, long modified) {}

    private record Entry(List<FileStamp> files, LoadedProject project) {}

    /** The project of {@code key}, parsed by {@code parse} unless a parse of the same files is kept. */
    static LoadedProject load(Key key, Supplier<LoadedProject> parse) {
        List<FileStamp> files = stamps(key.projectDir());
        synchronized (CACHE) {
            Entry kept = CACHE.get(key);
            if (kept != null && kept.files().equals(files)) {
                return kept.project();
            }
        }
        LoadedProject project = parse.get();
        synchronized (CACHE) {
            CACHE.put(key, new Entry(files, project));
        }
        return project;
    }

    private static List<FileStamp> stamps(Path projectDir) {
        List<FileStamp> stamps = new ArrayList<>();
        try {
            Files.walkFileTree(projectDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(projectDir)
                                    && SKIPPED_FOLDERS.contains(
                                            dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    stamps.add(new FileStamp(
                            projectDir.relativize(file).toString(),
                            attributes.size(),
                            attributes.lastModifiedTime().toMillis() * 1_000_000
                                    + attributes.lastModifiedTime().toInstant().getNano() % 1_000_000));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the project folder " + projectDir, e);
        }
        return stamps;
    }
}
