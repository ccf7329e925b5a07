package io.weir.store;

import java.time.Instant;
import java.util.List;

/**
 * A DAG as the metadata DB knows it.
 *
 * @param fileloc the DAG file, relative to the project
 * @param schedule the schedule as written, or null
 * @param active false once its file is gone or no longer defines it
 * @param hasImportErrors true while its file fails to parse (the last good version keeps running)
 */
public record DagRecord(
        String dagId,
        String fileloc,
        boolean paused,
        boolean active,
        String description,
        String schedule,
        List<String> tags,
        String fingerprint,
        Instant lastParsed) {

    public DagRecord {
        tags = List.copyOf(tags);
    }
}
