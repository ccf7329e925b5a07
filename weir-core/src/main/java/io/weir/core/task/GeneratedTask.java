package io.weir.core.task;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One of the tasks a task type makes of a single task entry (see {@link TaskType#expand}); its id is the entry's id,
 * a dot and {@code idSuffix}, and it keeps the entry's common keys and upstream.
 *
 * @param idSuffix such as a manifest's table name
 * @param params the generated task's own keys, in place of the entry's
 */
public record GeneratedTask(String idSuffix, Map<String, Object> params) {
    public GeneratedTask {
        requireNonNull(idSuffix, "idSuffix is null");
        params = Map.copyOf(params);
        if (idSuffix.isBlank()) {
            throw new IllegalArgumentException("a generated task needs an id suffix");
        }
    }
}
