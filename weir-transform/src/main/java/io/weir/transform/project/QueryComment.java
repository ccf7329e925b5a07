package io.weir.transform.project;

import io.weir.transform.TransformException;
import io.weir.transform.yaml.YamlFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * dbt's {@code query-comment} of {@code dbt_project.yml}: a comment rendered for each node and added to every
 * statement Weir runs for it, before the statement or, with {@code append: true}, after it. {@code null} or an
 * empty text turn it off; a mapping without {@code comment:} gives dbt's default JSON comment. Without the key,
 * Weir adds none.
 *
 * @param template the comment's Jinja, with {@code node} the node being run (none for run hooks)
 */
public record QueryComment(String template, boolean append) {
    /** dbt's default comment. */
    public static final String DEFAULT = "{\"app\": \"dbt\", \"dbt_version\": \"{{ dbt_version }}\","
            + " \"profile_name\": \"{{ target.profile_name }}\", \"target_name\": \"{{ target.name }}\","
            + " \"node_id\": \"{{ node.unique_id if node else 'internal' }}\"}";

    private static final Set<String> KEYS = Set.of("comment", "append", "job-label");

    /** The project's query comment, if it sets one. */
    public static Optional<QueryComment> read(Path projectDir) {
        Map<String, Object> yaml = YamlFiles.readMap(projectDir.resolve(ProjectSettings.FILE), ProjectSettings.FILE);
        if (!yaml.containsKey("query-comment")) {
            return Optional.empty();
        }
        Object value = yaml.get("query-comment");
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?>) {
            Map<String, Object> map = YamlFiles.map(value, ProjectSettings.FILE + " query-comment:");
            for (String key : map.keySet()) {
                if (!KEYS.contains(key)) {
                    throw new TransformException(ProjectSettings.FILE + ": query-comment has no key '" + key
                            + "'; it takes comment:, append: and job-label:");
                }
            }
            Object comment = map.containsKey("comment") ? map.get("comment") : DEFAULT;
            boolean append = Boolean.parseBoolean(String.valueOf(map.get("append")));
            return comment == null || comment.toString().isBlank()
                    ? Optional.empty()
                    : Optional.of(new QueryComment(comment.toString(), append));
        }
        if (value instanceof String text) {
            return text.isBlank() ? Optional.empty() : Optional.of(new QueryComment(text, false));
        }
        throw new TransformException(ProjectSettings.FILE + ": query-comment must be a text, a mapping with"
                + " comment: and append:, or null; not '" + value + "'");
    }

    /** {@code sql} with {@code rendered} as a comment before it, or after it when appending. */
    public String apply(String sql, String rendered) {
        String comment = "/* " + rendered.strip() + " */";
        if (!append) {
            return comment + "\n" + sql;
        }
        String trimmed = sql.stripTrailing();
        return trimmed.endsWith(";")
                ? trimmed.substring(0, trimmed.length() - 1) + "\n" + comment + ";"
                : trimmed + "\n" + comment;
    }
}
