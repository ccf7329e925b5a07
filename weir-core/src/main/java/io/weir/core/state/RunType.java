package io.weir.core.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a DAG run came to be; its label prefixes the run id ({@code scheduled__2024-01-01T00:00:00+00:00}). */
public enum RunType {
    SCHEDULED,
    MANUAL,
    BACKFILL;

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunType fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public String runId(Instant logicalDate) {
        return label() + "__" + RUN_ID_TIME.format(logicalDate.atOffset(ZoneOffset.UTC));
    }

    @Override
    public String toString() {
        return label();
    }
}
