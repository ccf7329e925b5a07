package io.weir.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metadata schema's migrations as the module ships them, so tests follow new ones without edits. */
final class Migrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private Migrations() {}

    /** How many versioned migrations there are; their numbers run from 1 without gaps, so also the latest. */
    static int count() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int[] versions = files.map(
                            file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
                    .sorted()
                    .toArray();
            for (int i = 0; i < versions.length; i++) {
                if (versions[i] != i + 1) {
                    throw new IllegalStateException("Migration V" + (i + 1) + " is missing or repeated");
                }
            }
            return versions.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
