package io.weir.extract.yaml;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.TaskFailure;
import io.weir.extract.ExtractException;
import io.weir.extract.http.Auth;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadMode;
import io.weir.warehouse.load.LoadRequest;
import io.weir.warehouse.load.LoadResult;
import io.weir.warehouse.load.TableLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Lands lists of a YAML document (a team directory, categories, releases) as tables: one row per item, the item as
 * JSON in {@code record} and the chosen fields as columns. Each load replaces the table in one transaction; a bad
 * document leaves it as it was.
 */
public final class YamlExtract {
    /** The RAW schema unless the task names another. */
    public static final String DEFAULT_SCHEMA = "yaml";

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * What to run.
     *
     * @param location a path relative to the project, or an http(s) URL
     * @param auth how a URL's request authenticates
     * @param secrets the declared secrets (by hand, the environment) the auth names
     */
    public record Options(
            String location,
            Path projectDir,
            List<YamlTable> tables,
            String targetSchema,
            String runId,
            Auth auth,
            Map<String, String> secrets) {
        public Options {
            requireNonNull(location, "location is null");
            requireNonNull(projectDir, "projectDir is null");
            tables = List.copyOf(tables);
            requireNonNull(targetSchema, "targetSchema is null");
            requireNonNull(runId, "runId is null");
            requireNonNull(auth, "auth is null");
            secrets = Map.copyOf(secrets);
        }

        /** Options for a document that needs no authentication. */
        public Options(String location, Path projectDir, List<YamlTable> tables, String targetSchema, String runId) {
            this(location, projectDir, tables, targetSchema, runId, Auth.none(), Map.of());
        }
    }

    private final Options options;

    /**
     * Prepares a load.
     *
     * @throws ExtractException when the auth names a secret that {@code secrets} lacks
     */
    public YamlExtract(Options options) {
        this.options = requireNonNull(options, "options is null");
        List<String> missing = options.auth().missing(options.secrets());
        if (!missing.isEmpty()) {
            throw new ExtractException("'auth' names the secret(s) " + String.join(", ", missing) + ", which the task"
                    + " does not have; declare them in the task's 'secrets' (and set them in the environment or the"
                    + " secrets file)");
        }
    }

    static boolean isUrl(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    public List<YamlTable> tables() {
        return options.tables();
    }

    public Relation target(YamlTable table, Warehouse warehouse) {
        return new Relation(WarehouseSettings.rawDatabase(warehouse.target()), options.targetSchema(), table.name());
    }

    /**
     * Loads one table, reading the document afresh.
     *
     * @throws ExtractException naming the document, its line or item, and the table; the table is unchanged
     */
    public LoadResult run(YamlTable table, Warehouse warehouse, LongConsumer progress) {
        Relation target = target(table, warehouse);
        try (InputStream document = open();
                YamlRows rows = new YamlRows(table, shown(), document);
                WarehouseSession session = warehouse.session()) {
            return new TableLoader(session)
                    .load(
                            new LoadRequest(target, LoadMode.REPLACE, List.of(), options.runId(), Instant.now()),
                            rows,
                            progress);
        } catch (IOException e) {
            throw new TaskFailure(
                    "Cannot read " + shown() + ": " + e + "; " + target + " is unchanged (retryable)", true, e);
        }
    }

    /** The location as messages show it: without an API key in its query. */
    private String shown() {
        return options.auth().masked(options.location(), options.secrets());
    }

    private InputStream open() throws IOException {
        String location = options.location();
        if (isUrl(location)) {
            Auth auth = options.auth();
            String shown = shown();
            HttpRequest.Builder request = HttpRequest.newBuilder(auth.inQuery(URI.create(location), options.secrets()))
                    .timeout(TIMEOUT)
                    .GET();
            auth.sign(request, options.secrets());
            HttpResponse<InputStream> response;
            try {
                response = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(TIMEOUT)
                        .build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = response.statusCode();
            if (status / 100 != 2) {
                response.body().close();
                if (status >= 500 || status == 429) {
                    throw new IOException("GET " + shown + " answered HTTP " + status);
                }
                if ((status == 401 || status == 403) && auth.kind() != Auth.Kind.NONE) {
                    throw new ExtractException("GET " + shown + " answered HTTP " + status + "; check the secret(s) "
                            + String.join(", ", auth.secrets()) + " named in 'auth'");
                }
                throw new ExtractException("GET " + shown + " answered HTTP " + status + "; check the 'url'"
                        + (status == 401 || status == 403 ? " and give 'auth' with the secrets it needs" : ""));
            }
            return response.body();
        }
        try {
            return Files.newInputStream(options.projectDir().resolve(location));
        } catch (NoSuchFileException e) {
            throw new ExtractException("The YAML file " + location + " does not exist; check 'file', which is"
                    + " relative to the project");
        }
    }
}
