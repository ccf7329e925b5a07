package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.load.LoadResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What extracting one object did; {@link #xcom()} is what the task returns for it. */
public record ObjectResult(String object, LoadResult load) {
    public ObjectResult {
        requireNonNull(object, "object is null");
        requireNonNull(load, "load is null");
    }

    public Map<String, Object> xcom() {
        Map<String, Object> xcom = new LinkedHashMap<>();
        xcom.put("object", object);
        xcom.put("table", load.target().toString());
        xcom.put("record_count", load.rows());
        return xcom;
    }

    /** The log line of the object: rows and rows/s. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "Object %s: %,d rows into %s (%s) in %.1f s, %,.0f rows/s%s",
                object,
                load.rows(),
                load.target(),
                load.mode().displayName(),
                load.elapsed().toMillis() / 1000.0,
                load.rowsPerSecond(),
                load.schemaChanges().isEmpty() ? "" : "; " + String.join(", ", load.schemaChanges()));
    }
}
