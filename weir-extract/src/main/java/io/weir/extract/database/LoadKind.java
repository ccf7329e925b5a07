package io.weir.extract.database;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a manifest table is loaded: chosen by its query's placeholders unless {@code load_type} says. */
public enum LoadKind {
    /** The run's interval, merged on the primary key. */
    INCREMENTAL,
    /** A full copy appended each run, told apart by {@code _uploaded_at}. */
    SCD,
    /** A full copy that replaces the table in one swap. */
    SYNC,
    /** Compares the source's ids with RAW's for the interval. */
    VALIDATE;

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LoadKind> parse(String text) {
        return Arrays.stream(values())
                .filter(kind -> kind.displayName().equalsIgnoreCase(text.strip()))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(LoadKind::displayName).collect(Collectors.joining(", "));
    }
}
