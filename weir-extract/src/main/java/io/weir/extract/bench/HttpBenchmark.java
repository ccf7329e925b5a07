package io.weir.extract.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.weir.extract.http.ApiObject;
import io.weir.extract.http.Auth;
import io.weir.extract.http.Checks;
import io.weir.extract.http.HttpExtract;
import io.weir.extract.http.HttpSource;
import io.weir.extract.http.ObjectResult;
import io.weir.extract.http.Pagination;
import io.weir.extract.http.Retry;
import io.weir.extract.json.FieldType;
import io.weir.extract.json.ListPath;
import io.weir.extract.json.RecordColumns;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.load.LoadMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP extract benchmark: a local API serves {@code records} generated records (10 fields) in pages of 1,000,
 * page-numbered, which {@code extract.http} lands in DuckDB RAW; the floor, measured in the same run, requests the
 * same pages and parses them into nothing (Jackson's token stream). MB are the pages' bytes.
 */
public final class HttpBenchmark {
    static final int PAGE_SIZE = 1_000;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path workDir;
    private final HeapWatch heap = new HeapWatch();

    public HttpBenchmark(Path workDir) {
        this.workDir = workDir;
    }

    public List<LoadBenchmark.Row> run(long records, int rounds, PrintStream progress) throws Exception {
        progress.printf(Locale.ROOT, "Generating %,d records in pages of %,d...%n", records, PAGE_SIZE);
        List<byte[]> pages = pages(records);
        long bytes = pages.stream().mapToLong(page -> page.length).sum();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/records", exchange -> serve(exchange, pages));
        server.start();
        heap.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            double floor = Double.MAX_VALUE;
            double weir = Double.MAX_VALUE;
            double peak = 0;
            for (int round = 1; round <= rounds; round++) {
                progress.printf(Locale.ROOT, "Round %d of %d: the pages parsed into nothing...%n", round, rounds);
                floor = Math.min(floor, seconds(() -> parseAll(base, pages.size(), records)));
                progress.println("  extract.http into DuckDB RAW...");
                heap.reset();
                weir = Math.min(weir, seconds(() -> extract(base, records)));
                peak = Math.max(peak, heap.peakMegabytes());
            }
            String workload = String.format(Locale.ROOT, "HTTP %,d records x 10 -> DuckDB", records);
            String floorName = "pages fetched and parsed into nothing";
            return List.of(
                    new LoadBenchmark.Row(workload, "records/s", records / weir, records / floor, floorName),
                    new LoadBenchmark.Row(workload, "MB/s", bytes / 1e6 / weir, bytes / 1e6 / floor, floorName),
                    new LoadBenchmark.Row(
                            workload,
                            "peak heap, MB",
                            peak,
                            Runtime.getRuntime().maxMemory() / 1e6,
                            "-Xmx"));
        } finally {
            heap.stop();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** The pages of {@code records} generated records, as the API sends them. */
    static List<byte[]> pages(long records) {
        List<byte[]> pages = new ArrayList<>();
        StringBuilder page = new StringBuilder();
        for (long first = 1; first <= records; first += PAGE_SIZE) {
            page.setLength(0);
            page.append("{\"data\": [");
            for (long id = first; id < first + PAGE_SIZE && id <= records; id++) {
                page.append(id == first ? "" : ",")
                        .append(String.format(
                                Locale.ROOT,
                                "{\"id\": %d, \"name\": \"Person %d\", \"email\": \"person%d@example.com\","
                                        + " \"department\": \"dept-%d\", \"salary\": %d.%02d, \"active\": %s,"
                                        + " \"hired_on\": \"2020-%02d-%02d\", \"updated_at\":"
                                        + " \"2024-05-01T%02d:%02d:00Z\", \"level\": %d, \"note\": \"note %d for"
                                        + " record %d\"}",
                                id,
                                id,
                                id,
                                id % 17,
                                40_000 + id % 60_000,
                                id % 100,
                                id % 3 != 0,
                                1 + id % 12,
                                1 + id % 28,
                                id % 24,
                                id % 60,
                                id % 9,
                                id % 1000,
                                id));
            }
            page.append("]}");
            pages.add(page.toString().getBytes(StandardCharsets.UTF_8));
        }
        return pages;
    }

    private static void serve(HttpExchange exchange, List<byte[]> pages) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            int number = 1;
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("page=")) {
                    number = Integer.parseInt(pair.substring("page=".length()));
                }
            }
            byte[] body = number >= 1 && number <= pages.size()
                    ? pages.get(number - 1)
                    : "{\"data\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The floor: every page requested as extract.http requests it, and its tokens read, nothing kept. */
    private static void parseAll(String base, int pageCount, long records) {
        HttpClient client = HttpClient.newHttpClient();
        long ids = 0;
        try {
            for (int number = 1; number <= pageCount + (records % PAGE_SIZE == 0 ? 1 : 0); number++) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create(base + "records?page=" + number + "&per_page=" + PAGE_SIZE))
                        .header("Accept", "application/json")
                        .GET()
                        .build();
                try (InputStream body = client.send(request, HttpResponse.BodyHandlers.ofInputStream())
                                .body();
                        JsonParser parser = JSON.createParser(body)) {
                    while (parser.nextToken() != null) {
                        if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                                && "id".equals(parser.currentName())) {
                            ids++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (ids != records) {
            throw new IllegalStateException("the floor read " + ids + " records, not " + records);
        }
    }

    private void extract(String base, long records) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        fields.put("id", FieldType.parse("bigint").orElseThrow());
        fields.put("name", FieldType.parse("text").orElseThrow());
        fields.put("email", FieldType.parse("text").orElseThrow());
        fields.put("department", FieldType.parse("text").orElseThrow());
        fields.put("salary", FieldType.parse("double").orElseThrow());
        fields.put("active", FieldType.parse("boolean").orElseThrow());
        fields.put("hired_on", FieldType.parse("date").orElseThrow());
        fields.put("updated_at", FieldType.parse("timestamptz").orElseThrow());
        fields.put("level", FieldType.parse("integer").orElseThrow());
        fields.put("note", FieldType.parse("text").orElseThrow());
        ApiObject object = new ApiObject(
                "records",
                "GET",
                "records",
                Map.of(),
                Map.of(),
                null,
                ListPath.parse(".data"),
                new RecordColumns(fields),
                new Pagination(Pagination.Kind.PAGE, "page", "offset", "per_page", PAGE_SIZE, 1, null, null, null),
                new Checks(0, Checks.DEFAULT_MAX_ROW_CHANGE_PERCENT, List.of(), List.of()),
                LoadMode.REPLACE,
                1);
        HttpSource source =
                new HttpSource("bench", "bench.yaml", base, Auth.none(), Retry.DEFAULT, Map.of("records", object));
        HttpExtract extract = new HttpExtract(
                new HttpExtract.Options(source, workDir, List.of(), null, Map.of(), "the bench", null, "bench"));
        Path dir = workDir.resolve("warehouse-http");
        WarehouseTarget target = WarehouseTarget.duckdb(
                "bench", dir.resolve("analytics.duckdb"), "analytics", 1, Map.of("raw", dir.resolve("raw.duckdb")));
        try (Warehouse warehouse = Warehouse.open(target)) {
            ObjectResult result = extract.run(object, warehouse, false, message -> {}, rows -> {}, () -> false);
            if (result.load().rows() != records) {
                throw new IllegalStateException(
                        "the benchmark loaded " + result.load().rows() + " records, not " + records);
            }
        }
    }

    private static double seconds(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
