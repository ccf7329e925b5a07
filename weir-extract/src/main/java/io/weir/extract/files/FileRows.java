package io.weir.extract.files;

import io.weir.warehouse.infer.ValueKind;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.RowSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's rows as the loading path takes them: its columns named from the header, each text (an empty field NULL) or
 * of its inferred kind, then {@value #UPDATED_AT} (when the file last changed) and, for ingested files, {@value #SOURCE_FILE}.
 */
final class FileRows implements RowSource {
    /** The column with the time the file last changed, as sheetload tables have it. */
    static final String UPDATED_AT = "_updated_at";
    /** The column of ingested rows that names the file they came from; it makes a crashed load found again. */
    static final String SOURCE_FILE = "_source_file";

    private final CsvRecords records;
    private final List<ValueKind> kinds;
    private final List<LoadColumn> columns;
    private final OffsetDateTime updatedAt;
    private final String sourceFile;
    private long rows;

    /**
     * @param kinds each column's kind, or null to land every column as text
     * @param sourceFile the value of {@value #SOURCE_FILE}, or null for a table without it
     */
    FileRows(CsvRecords records, List<ValueKind> kinds, OffsetDateTime updatedAt, String sourceFile) {
        this.records = records;
        this.kinds = kinds;
        this.updatedAt = updatedAt;
        this.sourceFile = sourceFile;
        List<String> names = ColumnNames.of(records.header());
        List<LoadColumn> all = new ArrayList<>(names.size() + 2);
        for (int i = 0; i < names.size(); i++) {
            LoadType type = kinds == null
                    ? LoadType.of(LoadType.Kind.TEXT)
                    : kinds.get(i).loadType();
            all.add(new LoadColumn(names.get(i), type));
        }
        all.add(new LoadColumn(UPDATED_AT, LoadType.of(LoadType.Kind.TIMESTAMPTZ)));
        if (sourceFile != null) {
            all.add(new LoadColumn(SOURCE_FILE, LoadType.of(LoadType.Kind.TEXT)));
        }
        this.columns = List.copyOf(all);
    }

    @Override
    public List<LoadColumn> columns() {
        return columns;
    }

    @Override
    public boolean next(Object[] row) {
        String[] fields = records.next();
        if (fields == null) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            row[i] = kinds == null
                    ? (fields[i].isEmpty() ? null : fields[i])
                    : kinds.get(i).value(fields[i]);
        }
        row[fields.length] = updatedAt;
        if (sourceFile != null) {
            row[fields.length + 1] = sourceFile;
        }
        rows++;
        return true;
    }

    /** The rows read so far. */
    long rows() {
        return rows;
    }
}
