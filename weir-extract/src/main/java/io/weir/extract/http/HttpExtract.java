package io.weir.extract.http;

import static java.util.Objects.requireNonNull;

import io.weir.extract.ExtractException;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Extracts the objects of an HTTP source, each into {@code raw.<schema>.<object>}: pages stream into a staging table,
 * the object's integrity checks look at it, and only then does it take the table's place.
 */
public final class HttpExtract {
    /**
     * What to run.
     *
     * @param objects the objects to extract; empty for all
     * @param targetSchema the RAW schema, or null for the source's name
     * @param secrets the declared secrets (and for a CLI run, the environment) the auth names
     * @param skipSetting what lists the objects that skip their checks, as messages name it: the variable
     *     {@code <TASK_ID>_SKIP_TEST} of a task, or the CLI's option
     * @param skipValue its value, a comma-separated list of objects, or null when it is not set
     */
    public record Options(
            HttpSource source,
            Path projectDir,
            List<String> objects,
            String targetSchema,
            Map<String, String> secrets,
            String skipSetting,
            String skipValue,
            String runId) {
        public Options {
            requireNonNull(source, "source is null");
            requireNonNull(projectDir, "projectDir is null");
            objects = List.copyOf(objects);
            secrets = Map.copyOf(secrets);
            requireNonNull(skipSetting, "skipSetting is null");
            requireNonNull(runId, "runId is null");
        }
    }

    private final Options options;

    public HttpExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** The variable that lists the objects whose checks a task skips: {@code <TASK_ID>_SKIP_TEST}. */
    public static String skipVariable(String taskId) {
        return taskId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_") + "_SKIP_TEST";
    }

    /**
     * The objects to extract, in the file's order.
     *
     * @throws ExtractException for an object the file does not have, or a secret that is not declared
     */
    public List<ApiObject> objects() {
        HttpSource source = options.source();
        List<String> unknown = options.objects().stream()
                .filter(name -> !source.objects().containsKey(name))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ExtractException("The source " + source.file() + " has no object " + String.join(", ", unknown)
                    + "; it has " + String.join(", ", source.objects().keySet()));
        }
        List<String> missing = source.auth().missing(options.secrets());
        if (!missing.isEmpty()) {
            throw new ExtractException("The auth of " + source.file() + " names the secret(s) "
                    + String.join(", ", missing) + ", which the task does not have; declare them in the task's"
                    + " 'secrets' (and set them in the environment or the secrets file)");
        }
        return source.objects().values().stream()
                .filter(object ->
                        options.objects().isEmpty() || options.objects().contains(object.name()))
                .toList();
    }

    /** The objects the skip variable lists; an unknown name is reported to {@code log}. */
    public Set<String> skipped(Consumer<String> log) {
        if (options.skipValue() == null || options.skipValue().isBlank()) {
            return Set.of();
        }
        Set<String> names = Arrays.stream(options.skipValue().split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (!options.source().objects().containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            log.accept(capitalized(options.skipSetting()) + " names " + String.join(", ", unknown)
                    + ", which " + options.source().file() + " does not have; it has "
                    + String.join(", ", options.source().objects().keySet()));
        }
        return names;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The table an object lands in. */
    public Relation target(ApiObject object, String rawDatabase) {
        String schema = options.targetSchema() == null ? options.source().name() : options.targetSchema();
        return new Relation(rawDatabase, schema, object.name());
    }

    /**
     * Extracts one object.
     *
     * @throws ChecksFailed when the records fail the object's checks; the table is unchanged
     * @throws ApiFailure when the API did not give a page; the table is unchanged
     * @throws ExtractException for a record that does not fit; the table is unchanged
     */
    public ObjectResult run(
            ApiObject object,
            Warehouse warehouse,
            boolean skipChecks,
            Consumer<String> log,
            LongConsumer progress,
            BooleanSupplier cancelled) {
        ApiClient client = new ApiClient(options.source(), options.secrets(), log, cancelled);
        Relation target = target(object, WarehouseSettings.rawDatabase(warehouse.target()));
        try (ObjectRows rows = new ObjectRows(
                        object,
                        client,
                        client.firstPage(object, options.projectDir()),
                        options.source().file(),
                        cancelled);
                WarehouseSession session = warehouse.session()) {
            IntegrityCheck check = new IntegrityCheck(object, target, rows, options.skipSetting(), skipChecks, log);
            LoadResult result = new TableLoader(session)
                    .load(
                            new LoadRequest(target, object.mode(), object.mergeKey(), options.runId(), Instant.now()),
                            rows,
                            progress,
                            check);
            return new ObjectResult(object.name(), result);
        }
    }
}
