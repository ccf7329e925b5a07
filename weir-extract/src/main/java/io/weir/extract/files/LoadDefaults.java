package io.weir.extract.files;

import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import io.weir.warehouse.WarehouseSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL defaults for the load columns a file's {@code COPY} leaves out ({@value FileRows#UPDATED_AT} and the
 * like), each altered in one statement for all of them. The defaults are constants, which PostgreSQL evaluates once
 * per COPY: defaults that read a session setting cost it more than twice the time per row.
 */
final class LoadDefaults {
    private LoadDefaults() {}

    /** Gives each of {@code columns} the SQL constant of {@code values} at the same place, in one statement. */
    static void set(WarehouseSession session, Relation table, List<String> columns, List<String> values) {
        Dialect dialect = session.dialect();
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            changes.add("alter column " + dialect.quote(columns.get(i)) + " set default " + values.get(i));
        }
        session.execute("alter table " + table.render(dialect) + " " + String.join(", ", changes));
    }

    /** Drops the defaults {@link #set} gave, in one statement. */
    static void drop(WarehouseSession session, Relation table, List<String> columns) {
        Dialect dialect = session.dialect();
        session.execute("alter table " + table.render(dialect) + " "
                + columns.stream()
                        .map(column -> "alter column " + dialect.quote(column) + " drop default")
                        .collect(Collectors.joining(", ")));
    }
}
