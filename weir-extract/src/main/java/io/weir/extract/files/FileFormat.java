package io.weir.extract.files;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats {@code extract.files} reads. */
public enum FileFormat {
    CSV,
    TSV,
    XLSX;

    /** The format named {@code name} ({@code csv}, {@code tsv}, {@code xlsx}), any case. */
    public static Optional<FileFormat> parse(String name) {
        return Arrays.stream(values())
                .filter(format -> format.name().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The format of a file by its extension: {@code .tsv} and {@code .tab} are TSV, {@code .xlsx} XLSX, else CSV. */
    public static FileFormat ofName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        if (query >= 0) {
            lower = lower.substring(0, query);
        }
        if (lower.endsWith(".xlsx")) {
            return XLSX;
        }
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
            return TSV;
        }
        return CSV;
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
