package io.weir.extract.database;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of database a manifest reads from ({@code connection_info.driver}). */
public enum SourceDriver {
    POSTGRESQL(5432),
    MARIADB(3306),
    SQLITE(0);

    private final int defaultPort;

    SourceDriver(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceDriver> parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "postgresql", "postgres" -> Optional.of(POSTGRESQL);
            case "mariadb", "mysql" -> Optional.of(MARIADB);
            case "sqlite" -> Optional.of(SQLITE);
            default -> Optional.empty();
        };
    }

    public static String names() {
        return Arrays.stream(values()).map(SourceDriver::displayName).collect(Collectors.joining(", "));
    }
}
