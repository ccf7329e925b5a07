package io.weir.core.task;

import java.io.IOException;

/**
 * The project's files as a task type sees them while the DAG file is parsed. Whatever is read through it is watched:
 * when such a file changes, the DAG file is parsed again.
 */
public interface ProjectFiles {

    /**
     * The content of {@code relativePath}, relative to the project folder.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    byte[] read(String relativePath) throws IOException;
}
