package io.weir.warehouse.load;

import static java.util.Objects.requireNonNull;

import io.weir.warehouse.WarehouseType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a loaded column, independent of the warehouse: what a source says it holds. {@link #sql} names it in a
 * warehouse's dialect and {@link #parse} reads a warehouse's own type name back, so schema evolution compares like
 * with like.
 *
 * @param kind the family of the type
 * @param precision digits of a decimal, or the length of a bounded varchar; 0 when unbounded
 * @param scale digits after the point of a decimal; 0 otherwise
 * @param name the warehouse's own type name for {@link Kind#OTHER}, else null
 */
public record LoadType(Kind kind, int precision, int scale, String name) {

    /** Type families; the order of the integer kinds is their width. */
    public enum Kind {
        BOOLEAN,
        SMALLINT,
        INTEGER,
        BIGINT,
        DECIMAL,
        REAL,
        DOUBLE,
        VARCHAR,
        TEXT,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMPTZ,
        JSON,
        UUID,
        INET,
        BYTES,
        OTHER
    }

    /** DuckDB's widest decimal, used for a source's unconstrained numeric. */
    static final int DUCKDB_MAX_PRECISION = 38;

    static final int DUCKDB_UNCONSTRAINED_SCALE = 10;

    private static final Pattern PARAMETERS = Pattern.compile("^([a-z ]+?)\\s*(?:\\((\\d+)\\s*(?:,\\s*(\\d+))?\\))?$");

    public LoadType {
        requireNonNull(kind, "kind is null");
        if (precision < 0 || scale < 0 || kind == Kind.DECIMAL && precision > 0 && scale > precision) {
            throw new IllegalArgumentException("bad precision/scale " + precision + "," + scale + " for " + kind);
        }
        if ((kind == Kind.OTHER) != (name != null)) {
            throw new IllegalArgumentException("a name is given exactly for OTHER types, not for " + kind);
        }
    }

    public static LoadType of(Kind kind) {
        return new LoadType(kind, 0, 0, null);
    }

    public static LoadType decimal(int precision, int scale) {
        return new LoadType(Kind.DECIMAL, precision, scale, null);
    }

    public static LoadType varchar(int length) {
        return length <= 0 ? of(Kind.TEXT) : new LoadType(Kind.VARCHAR, length, 0, null);
    }

    /** A warehouse type Weir has no family for, kept by name; it matches only itself. */
    public static LoadType other(String name) {
        return new LoadType(Kind.OTHER, 0, 0, name.toLowerCase(Locale.ROOT));
    }

    /** This type as {@code type} stores it: DuckDB has no bounded varchar, no inet and no unbounded decimal. */
    public LoadType in(WarehouseType type) {
        if (type == WarehouseType.POSTGRES) {
            return this;
        }
        return switch (kind) {
            case VARCHAR, INET -> of(Kind.TEXT);
            case DECIMAL -> precision == 0 || precision > DUCKDB_MAX_PRECISION
                    ? decimal(DUCKDB_MAX_PRECISION, precision == 0 ? DUCKDB_UNCONSTRAINED_SCALE : Math.min(scale, 18))
                    : this;
            default -> this;
        };
    }

    /** The type's name in {@code type}'s SQL. */
    public String sql(WarehouseType type) {
        LoadType stored = in(type);
        boolean postgres = type == WarehouseType.POSTGRES;
        return switch (stored.kind) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case DECIMAL -> stored.precision == 0
                    ? "numeric"
                    : (postgres ? "numeric(" : "decimal(") + stored.precision + "," + stored.scale + ")";
            case REAL -> postgres ? "real" : "float";
            case DOUBLE -> postgres ? "double precision" : "double";
            case VARCHAR -> "varchar(" + stored.precision + ")";
            case TEXT -> postgres ? "text" : "varchar";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamp with time zone";
            case JSON -> postgres ? "jsonb" : "json";
            case UUID -> "uuid";
            case INET -> "inet";
            case BYTES -> postgres ? "bytea" : "blob";
            case OTHER -> stored.name;
        };
    }

    /** Reads a type name as {@code type}'s catalog prints it ({@code format_type} on PostgreSQL). */
    public static LoadType parse(WarehouseType type, String typeName) {
        String lower = typeName.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = PARAMETERS.matcher(lower);
        if (!matcher.matches()) {
            return other(lower);
        }
        String base = matcher.group(1);
        int first = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        int second = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        LoadType parsed =
                switch (base) {
                    case "boolean", "bool" -> of(Kind.BOOLEAN);
                    case "smallint", "int2", "tinyint" -> of(Kind.SMALLINT);
                    case "integer", "int", "int4" -> of(Kind.INTEGER);
                    case "bigint", "int8" -> of(Kind.BIGINT);
                    case "numeric", "decimal" -> decimal(first, second);
                    case "real", "float", "float4" -> of(Kind.REAL);
                    case "double precision", "double", "float8" -> of(Kind.DOUBLE);
                    case "character varying", "varchar" -> varchar(first);
                    case "text", "string" -> of(Kind.TEXT);
                    case "date" -> of(Kind.DATE);
                    case "time", "time without time zone" -> of(Kind.TIME);
                    case "timestamp", "timestamp without time zone" -> of(Kind.TIMESTAMP);
                    case "timestamp with time zone", "timestamptz" -> of(Kind.TIMESTAMPTZ);
                    case "json", "jsonb" -> of(Kind.JSON);
                    case "uuid" -> of(Kind.UUID);
                    case "inet" -> of(Kind.INET);
                    case "bytea", "blob" -> of(Kind.BYTES);
                    default -> other(lower);
                };
        return parsed.in(type);
    }

    /** Whether every value of this type fits a column of {@code wider} unchanged. */
    public boolean fitsIn(LoadType wider) {
        if (equals(wider)) {
            return true;
        }
        if (isInteger() && wider.isInteger()) {
            return kind.ordinal() <= wider.kind.ordinal();
        }
        if (isInteger() && wider.kind == Kind.DECIMAL) {
            return wider.precision == 0 || wider.precision - wider.scale >= integerDigits();
        }
        if (kind == Kind.DECIMAL && wider.kind == Kind.DECIMAL) {
            if (wider.precision == 0) {
                return true;
            }
            return precision != 0 && scale <= wider.scale && precision - scale <= wider.precision - wider.scale;
        }
        if (kind == Kind.REAL && wider.kind == Kind.DOUBLE) {
            return true;
        }
        if (kind == Kind.VARCHAR) {
            return wider.kind == Kind.TEXT || wider.kind == Kind.VARCHAR && wider.precision >= precision;
        }
        return false;
    }

    private boolean isInteger() {
        return kind == Kind.SMALLINT || kind == Kind.INTEGER || kind == Kind.BIGINT;
    }

    private int integerDigits() {
        return switch (kind) {
            case SMALLINT -> 5;
            case INTEGER -> 10;
            default -> 19;
        };
    }

    @Override
    public String toString() {
        return sql(WarehouseType.POSTGRES);
    }
}
