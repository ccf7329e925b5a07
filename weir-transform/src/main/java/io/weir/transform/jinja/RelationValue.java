package io.weir.transform.jinja;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.Relation;
import java.io.IOException;

/**
 * A relation as templates see it ({@code this}, {@code ref()}, {@code source()}, {@code adapter.get_relation()}):
 * it prints as {@code "database"."schema"."identifier"} and offers {@code .database}, {@code .schema},
 * {@code .identifier}, {@code .name}, {@code .table} and {@code .type}.
 */
public final class RelationValue implements PyishSerializable {
    private final Relation relation;
    private final Dialect dialect;
    private final String type;

    public RelationValue(Relation relation, Dialect dialect, String type) {
        this.relation = requireNonNull(relation, "relation is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.type = type;
    }

    public Relation relation() {
        return relation;
    }

    public String getDatabase() {
        return relation.database();
    }

    public String getSchema() {
        return relation.schema();
    }

    public String getIdentifier() {
        return relation.identifier();
    }

    public String getName() {
        return relation.identifier();
    }

    public String getTable() {
        return relation.identifier();
    }

    /** {@code table} or {@code view} when known, else null. */
    public String getType() {
        return type;
    }

    public boolean isTable() {
        return "table".equals(type);
    }

    public boolean isView() {
        return "view".equals(type);
    }

    public String render() {
        return relation.render(dialect);
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(render());
        return appendable;
    }

    @Override
    public String toString() {
        return render();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RelationValue that && relation.equals(that.relation);
    }

    @Override
    public int hashCode() {
        return relation.hashCode();
    }
}
