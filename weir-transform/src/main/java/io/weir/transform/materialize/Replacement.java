package io.weir.transform.materialize;

import io.weir.warehouse.Relation;
import io.weir.warehouse.RelationKind;
import java.util.List;
import java.util.Map;

/**
 * Builds a view or table under {@code <name>__dbt_tmp} and swaps it into place in one transaction: the old relation
 * (of either kind) is renamed to {@code <name>__dbt_backup} and dropped. A failing query leaves the old relation as it
 * was.
 */
final class Replacement {
    private final Ddl ddl;

    Replacement(Ddl ddl) {
        this.ddl = ddl;
    }

    /** Replaces {@code target}; returns the rows of the new table, or -1 for a view. */
    long replace(Relation target, RelationKind kind, String sql) {
        Relation intermediate = ddl.sibling(target, "__dbt_tmp");
        Relation backup = ddl.sibling(target, "__dbt_backup");
        ddl.session().createSchemaIfMissing(target.database(), target.schema());
        return ddl.session().inTransaction(session -> {
            Map<String, RelationKind> existing = ddl.kinds(List.of(target, intermediate, backup));
            dropIfPresent(intermediate, existing);
            dropIfPresent(backup, existing);
            long rows = ddl.createAs(intermediate, kind, sql);
            if (kind == RelationKind.TABLE && (rows < 0 || !ddl.isPostgres())) {
                rows = ddl.count(intermediate);
            }
            RelationKind old = existing.get(target.identifier());
            if (old != null) {
                ddl.rename(target, old, backup.identifier());
            }
            ddl.rename(intermediate, kind, target.identifier());
            if (old != null) {
                ddl.drop(backup, old);
            }
            return kind == RelationKind.VIEW ? -1L : rows;
        });
    }

    private void dropIfPresent(Relation relation, Map<String, RelationKind> existing) {
        RelationKind kind = existing.get(relation.identifier());
        if (kind != null) {
            ddl.drop(relation, kind);
        }
    }
}
