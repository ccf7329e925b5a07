package io.weir.extract.database;

import io.weir.extract.database.SourceColumn.Reading;
import io.weir.warehouse.load.LoadColumn;
import io.weir.warehouse.load.LoadType;
import io.weir.warehouse.load.LoadType.Kind;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a source query's result columns to RAW column types, faithfully: numeric precision, timestamps with and
 * without time zone, dates, booleans, json, arrays (as JSON), uuid, inet and bytes keep their meaning.
 */
final class SourceTypes {
    /** Beyond this a reported precision means "unconstrained" (PostgreSQL reports 131089 for a bare numeric). */
    private static final int MAX_REAL_PRECISION = 1000;

    private SourceTypes() {}

    static List<SourceColumn> columns(SourceDriver driver, ResultSetMetaData metaData) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String name = metaData.getColumnLabel(i).toLowerCase(Locale.ROOT);
            columns.add(column(driver, name, metaData, i));
        }
        return columns;
    }

    private static SourceColumn column(SourceDriver driver, String name, ResultSetMetaData metaData, int i)
            throws SQLException {
        String typeName = metaData.getColumnTypeName(i) == null
                ? ""
                : metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        return switch (driver) {
            case POSTGRESQL -> postgres(name, typeName, metaData, i);
            case MARIADB -> mariadb(name, typeName, metaData, i);
            case SQLITE -> sqlite(name, typeName, metaData, i);
        };
    }

    private static SourceColumn postgres(String name, String typeName, ResultSetMetaData metaData, int i)
            throws SQLException {
        if (typeName.startsWith("_")) {
            return of(name, LoadType.of(Kind.JSON), Reading.ARRAY_AS_JSON);
        }
        return switch (typeName) {
            case "bool" -> of(name, LoadType.of(Kind.BOOLEAN), Reading.BOOLEAN);
            case "int2" -> of(name, LoadType.of(Kind.SMALLINT), Reading.SHORT);
            case "int4", "serial" -> of(name, LoadType.of(Kind.INTEGER), Reading.INT);
            case "int8", "bigserial", "oid" -> of(name, LoadType.of(Kind.BIGINT), Reading.LONG);
            case "numeric" -> of(name, decimal(metaData.getPrecision(i), metaData.getScale(i)), Reading.DECIMAL);
            case "float4" -> of(name, LoadType.of(Kind.REAL), Reading.FLOAT);
            case "float8" -> of(name, LoadType.of(Kind.DOUBLE), Reading.DOUBLE);
            case "varchar", "bpchar" -> of(name, varchar(metaData.getPrecision(i)), Reading.STRING);
            case "date" -> of(name, LoadType.of(Kind.DATE), Reading.DATE);
            case "time" -> of(name, LoadType.of(Kind.TIME), Reading.TIME);
            case "timestamp" -> of(name, LoadType.of(Kind.TIMESTAMP), Reading.TIMESTAMP);
            case "timestamptz" -> of(name, LoadType.of(Kind.TIMESTAMPTZ), Reading.TIMESTAMPTZ);
            case "json", "jsonb" -> of(name, LoadType.of(Kind.JSON), Reading.STRING);
            case "uuid" -> of(name, LoadType.of(Kind.UUID), Reading.UUID);
            case "inet", "cidr" -> of(name, LoadType.of(Kind.INET), Reading.STRING);
            case "bytea" -> of(name, LoadType.of(Kind.BYTES), Reading.BYTES);
            default -> of(name, LoadType.of(Kind.TEXT), Reading.STRING);
        };
    }

    private static SourceColumn mariadb(String name, String typeName, ResultSetMetaData metaData, int i)
            throws SQLException {
        boolean unsigned = typeName.contains("unsigned");
        return switch (metaData.getColumnType(i)) {
            case Types.BIT, Types.BOOLEAN -> metaData.getPrecision(i) <= 1
                    ? of(name, LoadType.of(Kind.BOOLEAN), Reading.BOOLEAN)
                    : of(name, LoadType.of(Kind.BIGINT), Reading.LONG);
            case Types.TINYINT, Types.SMALLINT -> unsigned
                    ? of(name, LoadType.of(Kind.INTEGER), Reading.INT)
                    : of(name, LoadType.of(Kind.SMALLINT), Reading.SHORT);
            case Types.INTEGER -> unsigned
                    ? of(name, LoadType.of(Kind.BIGINT), Reading.LONG)
                    : of(name, LoadType.of(Kind.INTEGER), Reading.INT);
            case Types.BIGINT -> unsigned
                    ? of(name, LoadType.decimal(20, 0), Reading.DECIMAL)
                    : of(name, LoadType.of(Kind.BIGINT), Reading.LONG);
            case Types.DECIMAL, Types.NUMERIC -> of(
                    name, decimal(metaData.getPrecision(i), metaData.getScale(i)), Reading.DECIMAL);
            case Types.REAL, Types.FLOAT -> of(name, LoadType.of(Kind.REAL), Reading.FLOAT);
            case Types.DOUBLE -> of(name, LoadType.of(Kind.DOUBLE), Reading.DOUBLE);
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR -> typeName.equals("json")
                    ? of(name, LoadType.of(Kind.JSON), Reading.STRING)
                    : of(name, varchar(metaData.getPrecision(i)), Reading.STRING);
            case Types.DATE -> typeName.equals("year")
                    ? of(name, LoadType.of(Kind.SMALLINT), Reading.SHORT)
                    : of(name, LoadType.of(Kind.DATE), Reading.DATE);
            case Types.TIME -> of(name, LoadType.of(Kind.TIME), Reading.TIME_OF_DAY);
            case Types.TIMESTAMP -> of(name, LoadType.of(Kind.TIMESTAMP), Reading.TIMESTAMP);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> of(
                    name, LoadType.of(Kind.BYTES), Reading.BYTES);
            default -> of(name, LoadType.of(Kind.TEXT), Reading.STRING);
        };
    }

    /** SQLite keeps a declared type only as an affinity; the rules are SQLite's own (section 3.1 of its types page). */
    private static SourceColumn sqlite(String name, String declared, ResultSetMetaData metaData, int i)
            throws SQLException {
        if (declared.startsWith("bool")) {
            return of(name, LoadType.of(Kind.BOOLEAN), Reading.SQLITE_BOOLEAN);
        }
        if (declared.equals("date")) {
            return of(name, LoadType.of(Kind.DATE), Reading.TEXT_DATE);
        }
        if (declared.equals("datetime") || declared.startsWith("timestamp")) {
            return of(name, LoadType.of(Kind.TIMESTAMP), Reading.TEXT_TIMESTAMP);
        }
        if (declared.contains("int")) {
            return of(name, LoadType.of(Kind.BIGINT), Reading.LONG);
        }
        if (declared.contains("char") || declared.contains("clob") || declared.contains("text")) {
            return of(name, LoadType.of(Kind.TEXT), Reading.STRING);
        }
        if (declared.contains("blob")) {
            return of(name, LoadType.of(Kind.BYTES), Reading.BYTES);
        }
        if (declared.contains("real") || declared.contains("floa") || declared.contains("doub")) {
            return of(name, LoadType.of(Kind.DOUBLE), Reading.DOUBLE);
        }
        if (declared.startsWith("decimal") || declared.startsWith("numeric")) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\((\\d+)\\s*(?:,\\s*(\\d+))?\\)")
                    .matcher(declared);
            if (matcher.find()) {
                int precision = Integer.parseInt(matcher.group(1));
                int scale = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
                return of(name, LoadType.decimal(precision, scale), Reading.DECIMAL);
            }
            return of(name, decimal(metaData.getPrecision(i), metaData.getScale(i)), Reading.DECIMAL);
        }
        return of(name, LoadType.of(Kind.TEXT), Reading.STRING);
    }

    private static LoadType decimal(int precision, int scale) {
        if (precision <= 0 || precision > MAX_REAL_PRECISION || scale < 0 || scale > precision) {
            return LoadType.decimal(0, 0);
        }
        return LoadType.decimal(precision, scale);
    }

    private static LoadType varchar(int length) {
        return length <= 0 || length >= 10_485_760 ? LoadType.of(Kind.TEXT) : LoadType.varchar(length);
    }

    private static SourceColumn of(String name, LoadType type, Reading reading) {
        return new SourceColumn(new LoadColumn(name, type), reading);
    }
}
