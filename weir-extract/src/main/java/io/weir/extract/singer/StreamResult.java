package io.weir.extract.singer;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.Relation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a run loaded of one stream, over all its commits. */
public record StreamResult(String stream, Relation table, String mode, long rows, long nanos) {
    public StreamResult {
        requireNonNull(stream, "stream is null");
        requireNonNull(table, "table is null");
    }

    StreamResult plus(long moreRows, long moreNanos) {
        return new StreamResult(stream, table, mode, rows + moreRows, nanos + moreNanos);
    }

    public Map<String, Object> xcom() {
        Map<String, Object> xcom = new LinkedHashMap<>();
        xcom.put("stream", stream);
        xcom.put("table", table.toString());
        xcom.put("record_count", rows);
        return xcom;
    }

    public String summary() {
        double seconds = Math.max(nanos, 1) / 1e9;
        return String.format(
                Locale.ROOT,
                "Stream %s: %,d rows into %s (%s) in %.1f s, %,.0f rows/s",
                stream,
                rows,
                table,
                mode,
                seconds,
                rows / seconds);
    }
}
