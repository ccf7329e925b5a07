package io.weir.transform.project;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weir.core.Suggestions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The top-level keys of {@code dbt_project.yml} with their lines, and the warnings for keys dbt does not know. */
final class ProjectKeys {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Set<String> KNOWN = Set.of(
            "name",
            "version",
            "config-version",
            "profile",
            "model-paths",
            "source-paths",
            "seed-paths",
            "data-paths",
            "test-paths",
            "analysis-paths",
            "macro-paths",
            "snapshot-paths",
            "docs-paths",
            "asset-paths",
            "target-path",
            "log-path",
            "packages-install-path",
            "modules-path",
            "clean-targets",
            "query-comment",
            "require-dbt-version",
            "models",
            "seeds",
            "snapshots",
            "sources",
            "tests",
            "data_tests",
            "unit_tests",
            "metrics",
            "semantic-models",
            "saved-queries",
            "exposures",
            "analyses",
            "vars",
            "on-run-start",
            "on-run-end",
            "dispatch",
            "quoting",
            "flags",
            "restrict-access",
            "dbt-cloud");

    private ProjectKeys() {}

    /** Each top-level key of {@code text} and its line (from 1); empty when the text is not a mapping. */
    static Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return lines;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                lines.putIfAbsent(
                        parser.currentName(), parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException e) {
            // The file was read as YAML already; a key after a problem simply has no line.
        }
        return lines;
    }

    /** A warning for each key dbt does not know, naming the file, the line and a close known key. */
    static List<String> warnings(Map<String, Integer> lines, String shownAs) {
        return lines.entrySet().stream()
                .filter(entry -> !KNOWN.contains(entry.getKey()))
                .map(entry -> "Warning: " + shownAs + " line " + entry.getValue() + ": unknown key '" + entry.getKey()
                        + "' is ignored"
                        + Suggestions.closest(entry.getKey(), KNOWN)
                                .map(close -> "; did you mean '" + close + "'?")
                                .orElse(""))
                .toList();
    }
}
