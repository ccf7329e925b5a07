package io.weir.core.dag;

import io.weir.core.task.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project files task types read while one DAG file is parsed, with what they held (null: missing). */
final class WatchedFiles implements ProjectFiles {
    private final Path projectDir;
    private final Map<Path, byte[]> read = new LinkedHashMap<>();

    WatchedFiles(Path projectDir) {
        this.projectDir = projectDir;
    }

    @Override
    public byte[] read(String relativePath) throws IOException {
        Path path = projectDir.resolve(relativePath).normalize();
        try {
            byte[] content = Files.readAllBytes(path);
            read.put(path, content);
            return content.clone();
        } catch (NoSuchFileException e) {
            read.put(path, null);
            throw e;
        }
    }

    Map<Path, byte[]> contents() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(read));
    }

    /** Whether every file of {@code contents} still holds what it held (a file still missing counts as unchanged). */
    static boolean unchanged(Map<Path, byte[]> contents) {
        for (Map.Entry<Path, byte[]> file : contents.entrySet()) {
            byte[] now;
            try {
                now = Files.readAllBytes(file.getKey());
            } catch (IOException e) {
                now = null;
            }
            if (!Arrays.equals(now, file.getValue())) {
                return false;
            }
        }
        return true;
    }
}
