package io.weir.extract.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a record becomes a row: the chosen top-level fields, each in its own typed column, then the whole record as
 * JSON in {@value #RECORD}.
 */
public record RecordColumns(Map<String, FieldType> fields) {
    /** The column that holds each record as JSON. */
    public static final String RECORD = "record";

    public RecordColumns {
        fields = new LinkedHashMap<>(requireNonNull(fields, "fields is null"));
    }

    public List<LoadColumn> columns() {
        List<LoadColumn> columns = new ArrayList<>();
        fields.forEach((name, type) -> columns.add(new LoadColumn(name, type.loadType())));
        columns.add(new LoadColumn(RECORD, LoadType.of(LoadType.Kind.JSON)));
        return columns;
    }

    /**
     * Fills {@code row} from {@code record}.
     *
     * @throws IllegalArgumentException naming the field whose value is not of its type
     */
    public void fill(JsonNode record, Object[] row) {
        int i = 0;
        for (Map.Entry<String, FieldType> field : fields.entrySet()) {
            try {
                row[i++] = field.getValue().convert(record.get(field.getKey()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field " + field.getKey() + " " + e.getMessage(), e);
            }
        }
        row[i] = record.toString();
    }
}
