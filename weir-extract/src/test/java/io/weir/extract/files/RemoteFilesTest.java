package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.TaskTry;
import io.weir.store.MetadataStore;
import io.weir.store.testing.TestStores;
import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.testing.TestWarehouses;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * extract.files from an S3-compatible store (s3proxy on a folder, started in the test) and a local HTTP server, into
 * the project's DuckDB warehouse.
 */
class RemoteFilesTest {
    private static final String ACCESS_KEY = "weir-test-access";
    private static final String SECRET_KEY = "weir-test-secret";

    @TempDir
    Path project;

    @TempDir
    Path metadata;

    @TempDir
    Path blobs;

    private MetadataStore store;
    private S3Proxy s3;
    private S3Client client;
    private HttpServer http;
    private int runs;

    @BeforeEach
    void start() throws Exception {
        store = TestStores.h2(metadata);
        Files.createDirectories(project.resolve("extract"));
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
        BlobStoreContext blobContext = ContextBuilder.newBuilder("filesystem")
                .credentials("identity", "credential")
                .overrides(properties)
                .build(BlobStoreContext.class);
        s3 = S3Proxy.builder()
                .blobStore(blobContext.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3.start();
        while (!AbstractLifeCycle.STARTED.equals(s3.getState())) {
            Thread.sleep(10);
        }
        client = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .chunkedEncodingEnabled(false)
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(request -> request.bucket("lake"));
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
    }

    @AfterEach
    void stop() throws Exception {
        http.stop(0);
        client.close();
        s3.stop();
        store.close();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    private void put(String key, String content) {
        client.putObject(request -> request.bucket("lake").key(key), RequestBody.fromString(content));
    }

    private TaskTry context(String listing, Map<String, String> secrets) throws Exception {
        Files.writeString(project.resolve("extract/sheets.yml"), listing);
        runs++;
        return new TaskTry(
                        "sheets", Map.of("listing", "extract/sheets.yml"), project, TaskTry.day("2024-05-01"), secrets)
                .inDag("sheetload")
                .withRunId("manual__" + runs)
                .withLedger(store);
    }

    private QueryResult query(String sql) {
        try (Warehouse warehouse =
                        Warehouse.open(TestWarehouses.duckdb(project.resolve(".weir/warehouse"), "analytics"));
                WarehouseSession session = warehouse.session()) {
            return session.query(sql);
        }
    }

    @Test
    void aPrefixIsIngestedFromAnS3CompatibleStoreWithCredentialsFromSecretsEachFileOnce() throws Exception {
        put("greenhouse/applications_1.csv", "id,stage\n1,applied\n2,screen\n");
        put("greenhouse/applications_2.csv", "id,stage\n3,offer\n");
        put("greenhouse/readme.md", "not data");
        put("quotas.csv", "rep,quota\nAna,100\n");
        String listing = "files:\n"
                + "  - {name: applications, s3: 's3://lake/greenhouse/', pattern: '*.csv', mode: ingest,\n"
                + "     endpoint: '" + endpoint() + "', access_key: LAKE_KEY, secret_key: LAKE_SECRET}\n"
                + "  - {s3: 's3://lake/quotas.csv', endpoint: '" + endpoint() + "',"
                + " access_key: LAKE_KEY, secret_key: LAKE_SECRET}\n";
        Map<String, String> secrets = Map.of("LAKE_KEY", ACCESS_KEY, "LAKE_SECRET", SECRET_KEY);

        TaskResult first = new ExtractFilesTaskType().execute(context(listing, secrets));
        put("greenhouse/applications_3.csv", "id,stage\n4,hired\n");
        TaskTry again = context(listing, secrets);
        TaskResult second = new ExtractFilesTaskType().execute(again);

        assertThat(first.xcom())
                .isEqualTo(List.of(
                        Map.of(
                                "table", "raw.sheetload.applications",
                                "record_count", 3L,
                                "files_loaded", 2,
                                "files_skipped", 0,
                                "files_failed", 0),
                        Map.of(
                                "table", "raw.sheetload.quotas",
                                "record_count", 1L,
                                "files_loaded", 1,
                                "files_skipped", 0,
                                "files_failed", 0)));
        assertThat(query("select id, stage, _source_file from raw.sheetload.applications order by id")
                        .rows())
                .containsExactly(
                        List.of("1", "applied", "greenhouse/applications_1.csv"),
                        List.of("2", "screen", "greenhouse/applications_1.csv"),
                        List.of("3", "offer", "greenhouse/applications_2.csv"),
                        List.of("4", "hired", "greenhouse/applications_3.csv"));
        assertThat(((Map<?, ?>) ((List<?>) second.xcom()).get(0)).get("files_loaded"))
                .isEqualTo(1);
        assertThat(again.lines)
                .anySatisfy(line ->
                        assertThat(line).contains("quotas.csv is unchanged").contains("not reloaded"));
    }

    @Test
    void wrongS3CredentialsFailNamingTheLocationWithoutRetrying() throws Exception {
        String listing = "files:\n  - {s3: 's3://lake/quotas.csv', endpoint: '" + endpoint()
                + "', access_key: LAKE_KEY, secret_key: LAKE_SECRET}\n";

        assertThatThrownBy(() -> new ExtractFilesTaskType()
                        .execute(context(listing, Map.of("LAKE_KEY", ACCESS_KEY, "LAKE_SECRET", "wrong"))))
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("Cannot read s3://lake/quotas.csv: S3 answered 403")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isFalse());
    }

    @Test
    void anExportLinkIsDownloadedOnceWhileItsEtagHoldsAndAServerErrorIsRetryable() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        byte[] sheet = "Name,Start Date\nAna,2024-01-01\n".getBytes(StandardCharsets.UTF_8);
        http.createContext("/export", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                downloads.incrementAndGet();
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                exchange.sendResponseHeaders(200, sheet.length);
                exchange.getResponseBody().write(sheet);
            }
            exchange.close();
        });
        http.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String listing = "files:\n  - {name: people, url: '" + base + "/export?format=csv'}\n";

        new ExtractFilesTaskType().execute(context(listing, Map.of()));
        TaskTry again = context(listing, Map.of());
        new ExtractFilesTaskType().execute(again);

        assertThat(downloads.get()).isEqualTo(1);
        assertThat(query("select name, start_date from raw.sheetload.people").rows())
                .containsExactly(List.of("Ana", "2024-01-01"));
        assertThat(again.lines)
                .anySatisfy(line -> assertThat(line).contains("unchanged").contains("not reloaded"));
        assertThatThrownBy(() -> new ExtractFilesTaskType()
                        .execute(context("files:\n  - {name: broken, url: '" + base + "/broken'}\n", Map.of())))
                .hasMessageContaining("Cannot read " + base + "/broken: the server answered HTTP 503")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isTrue());
    }
}
