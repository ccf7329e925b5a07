package io.weir.transform.materialize;

import io.weir.warehouse.WarehouseType;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares type names as a warehouse's catalog reports them with the names they were declared with
 * ({@code double precision} and {@code float8}, {@code character varying(5)} and {@code varchar(5)}).
 */
final class TypeNames {
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("int8", "bigint"),
            Map.entry("long", "bigint"),
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("signed", "integer"),
            Map.entry("int2", "smallint"),
            Map.entry("short", "smallint"),
            Map.entry("float8", "double"),
            Map.entry("double precision", "double"),
            Map.entry("float4", "real"),
            Map.entry("varchar", "text"),
            Map.entry("character varying", "text"),
            Map.entry("string", "text"),
            Map.entry("bpchar", "char"),
            Map.entry("character", "char"),
            Map.entry("bool", "boolean"),
            Map.entry("logical", "boolean"),
            Map.entry("decimal", "numeric"),
            Map.entry("datetime", "timestamp"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time without time zone", "time"),
            Map.entry("time with time zone", "timetz"));

    private static final Pattern PARAMETERS = Pattern.compile("\\([^)]*\\)");

    private TypeNames() {}

    /**
     * Whether {@code a} and {@code b} name the same type on {@code warehouse}; parameters count only when both give
     * them. {@code float} is 8 bytes on PostgreSQL and 4 on DuckDB.
     */
    static boolean same(String a, String b, WarehouseType warehouse) {
        String[] left = split(a, warehouse);
        String[] right = split(b, warehouse);
        if (!left[0].equals(right[0])) {
            return false;
        }
        return left[1].isEmpty() || right[1].isEmpty() || left[1].equals(right[1]);
    }

    /** As {@link #same(String, String, WarehouseType)} on DuckDB. */
    static boolean same(String a, String b) {
        return same(a, b, WarehouseType.DUCKDB);
    }

    private static String[] split(String type, WarehouseType warehouse) {
        String normalized = type.strip().toLowerCase(Locale.ROOT);
        Matcher parameters = PARAMETERS.matcher(normalized);
        String found = parameters.find() ? parameters.group().replace(" ", "") : "";
        String base = parameters.replaceFirst(" ").replaceAll("\\s+", " ").strip();
        if (base.equals("float")) {
            return new String[] {warehouse == WarehouseType.POSTGRES ? "double" : "real", found};
        }
        return new String[] {SYNONYMS.getOrDefault(base, base), found};
    }
}
