package io.weir.extract.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.warehouse.load.LoadType;
import java.math.BigDecimal;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The type of a field a record's column holds, and how a JSON value becomes it. */
public enum FieldType {
    TEXT(LoadType.Kind.TEXT),
    BIGINT(LoadType.Kind.BIGINT),
    INTEGER(LoadType.Kind.INTEGER),
    DOUBLE(LoadType.Kind.DOUBLE),
    DECIMAL(LoadType.Kind.DECIMAL),
    BOOLEAN(LoadType.Kind.BOOLEAN),
    DATE(LoadType.Kind.DATE),
    TIMESTAMP(LoadType.Kind.TIMESTAMP),
    TIMESTAMPTZ(LoadType.Kind.TIMESTAMPTZ),
    JSON(LoadType.Kind.JSON);

    private final LoadType.Kind kind;

    FieldType(LoadType.Kind kind) {
        this.kind = kind;
    }

    public static Optional<FieldType> parse(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "string", "varchar" -> Optional.of(TEXT);
            case "int", "long" -> Optional.of(BIGINT);
            case "float", "number" -> Optional.of(DOUBLE);
            case "numeric" -> Optional.of(DECIMAL);
            case "bool" -> Optional.of(BOOLEAN);
            case "datetime" -> Optional.of(TIMESTAMP);
            default -> Arrays.stream(values())
                    .filter(type -> type.displayName().equals(lower))
                    .findFirst();
        };
    }

    public static String names() {
        return String.join(
                ", ", Arrays.stream(values()).map(FieldType::displayName).toList());
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public LoadType loadType() {
        return kind == LoadType.Kind.DECIMAL ? LoadType.decimal(38, 10) : LoadType.of(kind);
    }

    /**
     * The value of {@code node} as this type; null for a missing or null value.
     *
     * @throws IllegalArgumentException saying why the value is not of this type
     */
    public Object convert(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (this == JSON) {
            return node.toString();
        }
        if (this == TEXT) {
            return node.isValueNode() ? node.asText() : node.toString();
        }
        if (!node.isValueNode()) {
            throw new IllegalArgumentException(
                    "is " + (node.isArray() ? "a list" : "an object") + ", not " + article());
        }
        String text = node.asText().strip();
        try {
            return switch (this) {
                case BIGINT -> node.canConvertToExactIntegral() && node.canConvertToLong()
                        ? node.longValue()
                        : Long.parseLong(text);
                case INTEGER -> node.canConvertToExactIntegral() && node.canConvertToInt()
                        ? node.intValue()
                        : Integer.parseInt(text);
                case DOUBLE -> node.isNumber() ? node.doubleValue() : Double.parseDouble(text);
                case DECIMAL -> node.isNumber() ? node.decimalValue() : new BigDecimal(text);
                case BOOLEAN -> bool(node, text);
                case DATE -> IsoTimes.date(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text);
                case TIMESTAMP -> IsoTimes.localDateTime(text);
                case TIMESTAMPTZ -> IsoTimes.offsetDateTime(text);
                case TEXT, JSON -> throw new IllegalStateException("handled above");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("is '" + text + "', not " + article());
        }
    }

    private String article() {
        return switch (this) {
            case INTEGER -> "an integer";
            case BIGINT -> "a whole number";
            case DOUBLE, DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date (YYYY-MM-DD)";
            case TIMESTAMP -> "a timestamp (YYYY-MM-DD HH:MM:SS)";
            case TIMESTAMPTZ -> "a timestamp with an offset (2024-05-01T10:00:00Z)";
            case TEXT, JSON -> "text";
        };
    }

    private Boolean bool(JsonNode node, String text) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is '" + text + "', not " + article());
        };
    }
}
