package io.weir.transform.jinja;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import io.weir.warehouse.Dialect;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * dbt's Column, as {@code adapter.get_columns_in_relation()} and {@code api.Column(name, dtype)} give it: {@code
 * name}, {@code column}, {@code dtype}, {@code data_type}, {@code quoted}, and {@code is_string()}, {@code
 * is_number()}, {@code is_integer()}, {@code is_float()}, {@code is_numeric()}, {@code string_size()}.
 */
final class ColumnValue extends AbstractMap<String, Object> implements PythonModule, PyishSerializable {
    private static final Set<String> STRINGS =
            Set.of("text", "character varying", "varchar", "character", "char", "string", "bpchar", "nvarchar");
    private static final Set<String> INTEGERS = Set.of(
            "smallint",
            "integer",
            "int",
            "bigint",
            "hugeint",
            "tinyint",
            "smallserial",
            "serial",
            "bigserial",
            "int2",
            "int4",
            "int8",
            "ubigint",
            "uinteger",
            "usmallint",
            "utinyint");
    private static final Set<String> FLOATS = Set.of("real", "float", "float4", "float8", "double", "double precision");
    private static final Set<String> NUMERICS = Set.of("numeric", "decimal");

    private final String name;
    private final String dataType;
    private final Map<String, Object> entries;

    ColumnValue(String name, String dataType, Dialect dialect) {
        this.name = name;
        this.dataType = dataType;
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("column", name);
        map.put("dtype", dataType);
        map.put("data_type", dataType);
        map.put("quoted", dialect.quote(name));
        map.put("char_size", null);
        map.put("numeric_precision", null);
        map.put("numeric_scale", null);
        this.entries = Map.copyOf(withoutNulls(map));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        map.values().removeIf(java.util.Objects::isNull);
        return map;
    }

    private String baseType() {
        String lower = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT).strip();
        int paren = lower.indexOf('(');
        return paren < 0 ? lower : lower.substring(0, paren).strip();
    }

    @Override
    public Object attribute(String attribute) {
        return UNKNOWN;
    }

    @Override
    public Object call(String function, List<Object> positional, Map<String, Object> keywords) {
        String base = baseType();
        return switch (function) {
            case "is_string" -> STRINGS.contains(base);
            case "is_integer" -> INTEGERS.contains(base);
            case "is_float" -> FLOATS.contains(base);
            case "is_numeric" -> NUMERICS.contains(base);
            case "is_number" -> INTEGERS.contains(base) || FLOATS.contains(base) || NUMERICS.contains(base);
            case "string_size" -> stringSize();
            default -> UNKNOWN;
        };
    }

    private Object stringSize() {
        String lower = dataType.toLowerCase(Locale.ROOT);
        int open = lower.indexOf('(');
        if (open < 0) {
            return 256L;
        }
        return Long.parseLong(
                lower.substring(open + 1, lower.indexOf(')', open)).strip());
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(toString());
        return appendable;
    }

    @Override
    public String toString() {
        return "<Column " + name + " (" + dataType + ")>";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ColumnValue column && column.name.equals(name) && column.dataType.equals(dataType);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + dataType.hashCode();
    }
}
