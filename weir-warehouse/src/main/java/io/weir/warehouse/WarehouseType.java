package io.weir.warehouse;

import java.util.Locale;

/** The kinds of warehouse Weir connects to; the name is what {@code profiles.yml} says in {@code type:}. */
public enum WarehouseType {
    DUCKDB,
    POSTGRES;

    public String profileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code name} ({@code duckdb}, {@code postgres}), or null when Weir does not know it. */
    public static WarehouseType fromProfileName(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "duckdb" -> DUCKDB;
            case "postgres", "postgresql" -> POSTGRES;
            default -> null;
        };
    }
}
